"""`python -m zjtx.registry`: run the registry with the roles its settings switch on."""

import logging

from zjtx.common.runtime import run, serve
from zjtx.registry.bootstrap import build_process
from zjtx.registry.settings import RegistrySettings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = RegistrySettings()
    run(serve(build_process(settings)))


if __name__ == "__main__":
    main()
