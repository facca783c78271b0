"""The Flask extension singletons, initialised by create_app."""
from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from reviewapp.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# One way to write a moment across the pages, as dates are written (2026-11-26): not the locale's 2026/11/26 22:33
babel = Babel(date_formats={**Babel.default_date_formats, "datetime.short": "yyyy-MM-dd HH:mm"})
