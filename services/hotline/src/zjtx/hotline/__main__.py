"""`python -m zjtx.hotline`: run the hotline with the roles its settings switch on."""

from zjtx.common.kit import main
from zjtx.hotline.definition import HOTLINE

if __name__ == "__main__":
    main(HOTLINE)
