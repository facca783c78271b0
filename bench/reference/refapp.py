# ruff: noqa
# Vendored unchanged from ../shared/perf-reference/refapp.py (issue 19, see bench/reference/README.md): the reference
# app bench/throughput.py serves beside reviewapp. Not part of reviewapp; kept as received, not linted.
"""Honest reference app for the page-throughput comparison: Flask + Flask-Login (signed session cookie, user loaded
from SQLite through Flask-SQLAlchemy on every request) + Flask-WTF CSRF token in the layout + security headers;
a page = ONE query for 20 rows rendered into a Jinja template that extends a base layout of about the project's
size. /sheet: a large form page (23 items, a select and two textareas each, ~190 KB) from one query of 23 rows."""
import os
from datetime import date
from flask import Flask, render_template, request, redirect, url_for, abort
from flask_login import LoginManager, UserMixin, login_user, login_required, current_user, logout_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event, select, String, Integer, ForeignKey, Text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

DB = os.environ.get("REF_DB", os.path.join(os.path.dirname(os.path.abspath(__file__)), "ref.sqlite"))
app = Flask(__name__)
app.config.update(SECRET_KEY="ref-secret-0123456789abcdef", SQLALCHEMY_DATABASE_URI=f"sqlite:///{DB}",
                  SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True}, WTF_CSRF_TIME_LIMIT=None,
                  SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
db = SQLAlchemy(app)
csrf = CSRFProtect(app)
login_manager = LoginManager(app)
login_manager.login_view = "login"


@event.listens_for(Engine, "connect")
def _pragmas(dbapi_connection, _record):
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON"); cur.execute("PRAGMA journal_mode=WAL"); cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    locale: Mapped[str] = mapped_column(String(8), default="zh")


class Assignment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))
    organization: Mapped[str] = mapped_column(String(120))
    panel: Mapped[str] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    due: Mapped[date]


class Item(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(120))
    guidance: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(Integer)


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


@app.after_request
def headers(response):
    for k, v in {"Content-Security-Policy": "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'",
                 "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
                 "Cross-Origin-Opener-Policy": "same-origin"}.items():
        response.headers.setdefault(k, v)
    return response


@app.route("/auth/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = db.session.scalar(select(User).where(User.username == request.form.get("username", "")))
        if user is None:
            abort(403)
        login_user(user)
        return redirect(url_for("home"))
    return render_template("login.html")


@app.route("/auth/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("login"))


@app.route("/")
@login_required
def home():
    rows = db.session.scalars(select(Assignment).where(Assignment.user_id == current_user.id)
                              .order_by(Assignment.id).limit(20)).all()
    return render_template("home.html", rows=rows)


@app.route("/sheet")
@login_required
def sheet():
    items = db.session.scalars(select(Item).order_by(Item.id).limit(23)).all()
    return render_template("sheet.html", items=items, steps=list(range(0, 101, 5)))


@app.route("/a/<int:ident>")
@app.route("/p/<name>")
def placeholder(ident=None, name=None):
    return "ok"


def setup():
    with app.app_context():
        db.drop_all(); db.create_all()
        u = User(username="expert000", display_name="专家000")
        db.session.add_all([u, User(username="expert001", display_name="专家001")]); db.session.flush()
        for i in range(40):
            db.session.add(Assignment(user_id=u.id if i < 25 else u.id + 1, number=f"2026-{i + 1:03d}",
                                      organization=f"本溪负载示例{i + 1:02d}有限公司", panel=f"第{i % 14 + 1}评审组",
                                      stage="资料评审", status="进行中" if i % 3 else "已提交", due=date(2026, 12, 1)))
        for i in range(23):
            db.session.add(Item(code=f"4.{i % 7 + 1}.{i}", title=f"评分条目{i}：领导、战略、顾客与市场、资源、过程管理、测量分析改进、结果",
                                guidance="依据GB/T 19580-2012卓越绩效评价准则，组织应" * 115, points=40 + i))
        db.session.commit()


if __name__ == "__main__":
    setup()
