"""`python -m zjtx.payments_watch`: run the payments-watch service with the roles its settings switch on."""

from zjtx.common.kit import main
from zjtx.payments_watch.definition import PAYMENTS_WATCH

if __name__ == "__main__":
    main(PAYMENTS_WATCH)
