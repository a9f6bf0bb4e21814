"""Create the database named in a SQLAlchemy URL if it does not exist.

Used by stack.sh for PostgreSQL and MySQL/MariaDB URLs; SQLite needs
nothing.  Usage: create_db.py URL
"""

import sys

import sqlalchemy as sa
from sqlalchemy.engine import url as sa_url


def main(url):
    target = sa_url.make_url(url)
    if target.get_backend_name() == 'sqlite':
        return
    name = target.database
    if target.get_backend_name() == 'postgresql':
        server = target.set(database='postgres')
        engine = sa.create_engine(server, isolation_level='AUTOCOMMIT')
        with engine.connect() as conn:
            exists = conn.scalar(sa.text(
                'SELECT 1 FROM pg_database WHERE datname = :n'), {'n': name})
            if not exists:
                conn.execute(sa.text('CREATE DATABASE "%s"' % name))
    elif target.get_backend_name() == 'mysql':
        engine = sa.create_engine(target.set(database=''))
        with engine.connect() as conn:
            conn.execute(sa.text(
                'CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4' %
                name))
    else:
        raise SystemExit('unsupported database URL %s' % url)


if __name__ == '__main__':
    main(sys.argv[1])
