"""csgkg viewer: FastAPI app over the built graph (the project's only pyvis user)."""
from .app import create_app
from .settings import Settings

__all__ = ["create_app", "Settings"]
