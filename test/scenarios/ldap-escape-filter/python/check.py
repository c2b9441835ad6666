import os

from fastapi import FastAPI
from fastapi.testclient import TestClient

import directory

conn = directory.conn
conn.strategy.add_entry("cn=reader,dc=sunline,dc=example", {"userPassword": "reader", "sn": "reader"})
staff = [("ada", "Ada Lovelace", "ada@sunline.example"), ("zoe", "Zoë Müller", "zoe@sunline.example"), ("grace", "Grace Hopper", "grace@sunline.example")]
for uid, cn, mail in staff:
    conn.strategy.add_entry(f"uid={uid},{directory.BASE}", {"objectClass": ["person"], "uid": uid, "cn": cn, "sn": cn.split()[-1], "mail": mail})
conn.strategy.add_entry(f"uid=svc-backup,{directory.BASE}", {"objectClass": ["device"], "uid": "svc-backup", "cn": "backup robot", "mail": "root@sunline.example"})
assert conn.bind()

app = FastAPI()
app.include_router(directory.router)
client = TestClient(app)

assert client.get("/staff/lookup", params={"username": "ada"}).json() == ["ada@sunline.example"]
assert client.get("/staff/lookup", params={"username": "nobody"}).json() == []
assert client.get("/staff/search", params={"name": "Hopper"}).json() == ["Grace Hopper"]
assert client.get("/staff/search", params={"name": "Müller"}).json() == ["Zoë Müller"], "non-ASCII"
assert client.get("/staff/search", params={"name": "a"}).json() == ["Ada Lovelace", "Grace Hopper", "backup robot"]

# Filter syntax in the input: before, `*` lists every person and `g*` guesses user names letter by
# letter; after, they are characters of the name (no such user). Only the equality filter is
# attacked: ldap3's mock server does not decode escapes inside substring filters (`(cn=*a\2ae*)`
# matches like `*a*e*`, `\29` there is refused), where a directory server takes them literally.
everyone = client.get("/staff/lookup", params={"username": "*"}).json()
guessed = client.get("/staff/lookup", params={"username": "g*"}).json()
if os.environ["SCENARIO_PHASE"] == "before":
    assert sorted(everyone) == ["ada@sunline.example", "grace@sunline.example", "zoe@sunline.example"], everyone
    assert guessed == ["grace@sunline.example"], guessed
else:
    assert everyone == [] and guessed == [], (everyone, guessed)
print("ok")
