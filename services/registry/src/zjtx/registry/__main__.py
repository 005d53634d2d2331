"""`python -m zjtx.registry`: run the registry with the roles its settings switch on."""

from zjtx.common.kit import main
from zjtx.registry.definition import REGISTRY

if __name__ == "__main__":
    main(REGISTRY)
