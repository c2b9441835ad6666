"""Installer partners: the data access class the installer routes share."""
from typing import Any

from pymysql.cursors import DictCursor


class InstallerDao:
    """Queries on the `installers` table, on one pooled connection."""

    def __init__(self, conn):
        self.conn = conn

    def search(self, name: str) -> list[dict[str, Any]]:
        cursor = self.conn.cursor(DictCursor)
        # Written for the old admin screen, where the name came from a drop-down.
        cursor.execute("SELECT id, name, region, rating FROM installers WHERE name LIKE '%%%s%%'" % name)
        return cursor.fetchall()

    def in_region(self, region: str) -> list[dict[str, Any]]:
        cursor = self.conn.cursor(DictCursor)
        cursor.execute("SELECT id, name, region, rating FROM installers WHERE region = %s", (region,))
        return cursor.fetchall()

    def rate(self, installer_id: int, stars: int, comment: str) -> None:
        cursor = self.conn.cursor()
        cursor.execute("INSERT INTO installer_ratings (installer_id, stars, comment) VALUES (%s, %s, %s)", (installer_id, stars, comment))
        self.conn.commit()

    @staticmethod
    def certificate_path(file_name: str) -> str:
        return f"/srv/sunline/certificates/{file_name}"
