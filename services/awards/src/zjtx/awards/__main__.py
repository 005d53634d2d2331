"""`python -m zjtx.awards`: run the awards service with the roles its settings switch on."""

from zjtx.awards.definition import AWARDS
from zjtx.common.kit import main

if __name__ == "__main__":
    main(AWARDS)
