"""`python -m zjtx.awards`: run the awards service with the roles its settings switch on."""

import asyncio
import logging

from zjtx.awards.bootstrap import build_process
from zjtx.awards.settings import AwardsSettings
from zjtx.common.runtime import serve


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(serve(build_process(AwardsSettings())))


if __name__ == "__main__":
    main()
