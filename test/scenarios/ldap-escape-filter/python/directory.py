"""Staff lookup in the company directory (ldap3)."""
from fastapi import APIRouter
from ldap3 import MOCK_SYNC, Connection, Server

router = APIRouter()
BASE = "ou=staff,dc=sunline,dc=example"
# The scenario's directory: ldap3's offline mock of a server, filled by check.py.
conn = Connection(Server("directory.sunline.example"), user="cn=reader,dc=sunline,dc=example", password="reader", client_strategy=MOCK_SYNC)


@router.get("/staff/lookup")
def lookup(username: str):
    conn.search(BASE, f"(&(objectClass=person)(uid={username}))", attributes=["cn", "mail"])
    return [entry.mail.value for entry in conn.entries]


@router.get("/staff/search")
def search(name: str):
    conn.search(search_base=BASE, search_filter="(cn=*" + name + "*)", attributes=["cn"])
    return sorted(entry.cn.value for entry in conn.entries)
