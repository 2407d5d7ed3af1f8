"""Who may do what: roles of OS users, stored in the database (`user_role` table).

- viewer: reads and exports;
- editor: also changes documents, assignments, notes, deadlines...;
- admin: also manages roles and office-wide settings.

The OS user of the process (real uid, `store.db.current_user`) decides the role. A user with
no row gets the role the `unknown_user_role` setting names: "viewer" (the default) or
"refuse" (may not even open the database). The first user to create a database is its admin;
a database made before roles existed gets its file's owner as admin and every past author
in the audit trail as editor, so an upgrade locks nobody out of work they already did.

Roles are enforced in one place, `Database.write`, which checks the actor's role inside the
write transaction (so a role changed by an admin takes effect on the very next write), and
demands admin for any unit that touches `setting` or `user_role`. They guard against
mistakes, not against a hostile group member: anyone who can write the file can write it
with another program. The file and directory permissions (see `store.shared`) are the
security boundary.
"""

from __future__ import annotations

import os
import pwd
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.errors import PermissionDenied, ValidationError
from store.models import AuditEvent, Setting, UserRole
from store.vocab import Role, UnknownPolicy, effective_role, rank

if TYPE_CHECKING:
    from store.db import Database

UNKNOWN_USER_ROLE = "unknown_user_role"


# Vietnamese words a clerk may type for a role.
_ALIASES = {
    "xem": Role.VIEWER, "nguoi xem": Role.VIEWER, "chi xem": Role.VIEWER,
    "sua": Role.EDITOR, "bien tap": Role.EDITOR, "nguoi sua": Role.EDITOR, "cap nhat": Role.EDITOR,
    "quan tri": Role.ADMIN, "quan tri vien": Role.ADMIN,
}
_USERNAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}\$?$")


@dataclass(frozen=True, slots=True)
class RoleRow:
    username: str
    role: str
    known_os_user: bool


@dataclass(frozen=True, slots=True)
class RoleList:
    """Every user with a role, and what users without one get."""

    users: tuple[RoleRow, ...]
    unknown_user_role: str


def parse_role(value: str) -> Role:
    """A role from what was typed: viewer/editor/admin or a Vietnamese word for it."""
    from store.text import fold

    key = fold(value or "").replace("-", " ").replace("_", " ").strip()
    for role in Role:
        if key == role.value:
            return role
    if key in _ALIASES:
        return _ALIASES[key]
    raise ValidationError(
        "err.invalid_role", field="role", value=value, choices=", ".join(r.value for r in Role)
    )


def os_user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def file_owner(path: Path) -> str | None:
    """The name of the OS user owning `path` (who created the database file)."""
    try:
        uid = os.stat(path).st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid{uid}"


def has_roles_table(session: Session) -> bool:
    bind = session.connection()
    return bool(sa_inspect(bind).has_table("user_role"))


# --- reading ---------------------------------------------------------------------------------


def unknown_policy_in(session: Session) -> str:
    value = session.scalar(select(Setting.value).where(Setting.key == UNKNOWN_USER_ROLE))
    return value if value in {p.value for p in UnknownPolicy} else UnknownPolicy.VIEWER.value


def stored_role_in(session: Session, user: str) -> str | None:
    return session.scalar(select(UserRole.role).where(UserRole.username == user))


def effective_role_in(session: Session, user: str) -> str | None:
    """The role `user` acts with; None when unknown users are refused."""
    return effective_role(stored_role_in(session, user), unknown_policy_in(session))


def admins_in(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(UserRole.username).where(UserRole.role == Role.ADMIN.value).order_by(UserRole.username)
        )
    )


def require_in(session: Session, user: str, need: str, *, acting: str | None = None) -> str:
    """The user's role, or PermissionDenied when it is below `need` (one message for all).

    `acting`: judge this role (the one the unit started with) instead of reading it again,
    so that a unit cannot lift its own rights half-way.
    """
    role = effective_role_in(session, user) if acting is None else acting
    if rank(role) >= rank(need):
        return role or ""
    admins = ", ".join(admins_in(session)) or "?"
    if role is None:
        raise PermissionDenied("err.role_refused", user=user, admins=admins)
    raise PermissionDenied("err.role_denied", user=user, role=role, need=need, admins=admins)


def role_of(db: Database, user: str | None = None) -> str | None:
    """The role `user` (default: the database's OS user) acts with now."""
    with db.read() as session:
        if not has_roles_table(session):
            return Role.ADMIN.value
        return effective_role_in(session, user or db.user)


def list_roles(db: Database) -> RoleList:
    with db.read() as session:
        rows = tuple(
            RoleRow(username=r.username, role=r.role, known_os_user=os_user_exists(r.username))
            for r in session.scalars(select(UserRole).order_by(UserRole.username))
        )
        return RoleList(users=rows, unknown_user_role=unknown_policy_in(session))


# --- writing (admin only: Database.write demands it for these tables) -------------------------


def _check_username(user: str) -> str:
    name = (user or "").strip()
    if not _USERNAME.match(name):
        raise ValidationError("err.invalid_username", field="username", value=user)
    return name


def set_role(db: Database, user: str, role: str) -> None:
    """Give `user` a role (admin only). The last admin cannot step down."""
    name = _check_username(user)
    new = parse_role(role) if not isinstance(role, Role) else role

    def work(session: Session) -> None:
        from store import audit
        from store.db import serialize_in

        serialize_in(session, "roles")  # who is the last admin must not change under us

        row = session.get(UserRole, name)
        before = row.role if row else None
        if before == new.value:
            return
        if before == Role.ADMIN.value and admins_in(session) == [name]:
            raise ValidationError("err.role_last_admin", field="role", user=name)
        if row is None:
            session.add(UserRole(username=name, role=new.value))
        else:
            row.role = new.value
        audit.record(
            session, "role", "user_role", None,
            {"username": name, "role": before}, {"username": name, "role": new.value},
        )

    db.write(work, role=Role.ADMIN)


def remove_role(db: Database, user: str) -> bool:
    """Take `user`'s role away (they fall back to `unknown_user_role`); False if they had none."""
    name = _check_username(user)

    def work(session: Session) -> bool:
        from store import audit
        from store.db import serialize_in

        serialize_in(session, "roles")  # who is the last admin must not change under us

        row = session.get(UserRole, name)
        if row is None:
            return False
        if row.role == Role.ADMIN.value and admins_in(session) == [name]:
            raise ValidationError("err.role_last_admin", field="role", user=name)
        audit.record(
            session, "role", "user_role", None,
            {"username": name, "role": row.role}, {"username": name, "role": None},
        )
        session.delete(row)
        return True

    return db.write(work, role=Role.ADMIN)


def set_unknown_policy(db: Database, policy: str) -> None:
    """What users without a role get: "viewer" or "refuse" (admin only)."""
    from store.text import fold

    value = fold(policy or "").strip()
    value = {"xem": "viewer", "chi xem": "viewer", "tu choi": "refuse"}.get(value, value)
    if value not in {p.value for p in UnknownPolicy}:
        raise ValidationError(
            "err.invalid_role", field="role", value=policy,
            choices=", ".join(p.value for p in UnknownPolicy),
        )

    def work(session: Session) -> None:
        from store import audit
        from store.db import serialize_in

        serialize_in(session, "setting")  # the row is inserted once, not twice

        row = session.get(Setting, UNKNOWN_USER_ROLE)
        before = row.value if row else None
        if row is None:
            session.add(Setting(key=UNKNOWN_USER_ROLE, value=value))
        else:
            row.value = value
        audit.record(session, "update", "setting", None, {UNKNOWN_USER_ROLE: before}, {UNKNOWN_USER_ROLE: value})

    db.write(work, role=Role.ADMIN)


# --- the first admin -------------------------------------------------------------------------


def needs_bootstrap(session: Session) -> bool:
    return not admins_in(session)


def bootstrap_in(session: Session, creator: str, *, legacy: bool) -> None:
    """Give a database with no admin its first one (inside a write transaction).

    A new database: its creator. One made before roles existed (`legacy`): the creator is
    the file's owner, and everyone who already wrote to it (audit actors) becomes an editor.
    """
    from store.db import serialize_in

    serialize_in(session, "roles")  # two first opens: one makes the admin, the other sees it
    if not needs_bootstrap(session):
        return
    if session.get(UserRole, creator) is None:
        session.add(UserRole(username=creator, role=Role.ADMIN.value))
    else:
        session.get(UserRole, creator).role = Role.ADMIN.value  # type: ignore[union-attr]
    if legacy:
        authors = session.scalars(select(AuditEvent.actor).distinct())
        for author in authors:
            if author and author != creator and session.get(UserRole, author) is None:
                session.add(UserRole(username=author, role=Role.EDITOR.value))
    session.flush()
