"""Installer partners: directory search, live search for the planning tool, certificate uploads."""
from fastapi import APIRouter, Depends, File, Form, UploadFile, WebSocket

from ..db import get_db
from ..installers_dao import InstallerDao

router = APIRouter(prefix="/installers", tags=["installers"])


@router.get("/search")
def search_installers(name: str, db=Depends(get_db)):
    return InstallerDao(db).search(name)


@router.get("/region/{region}")
def installers_in_region(region: str, db=Depends(get_db)):
    return InstallerDao(db).in_region(region)


@router.post("/{installer_id}/ratings", status_code=201)
def rate_installer(installer_id: int, stars: int = Form(...), comment: str = Form(""), db=Depends(get_db)):
    InstallerDao(db).rate(installer_id, stars, comment)
    return {"ok": True}


@router.post("/{installer_id}/certificate", status_code=201)
async def upload_certificate(installer_id: int, certificate: UploadFile = File(...)):
    with open(InstallerDao.certificate_path(certificate.filename), "wb") as out:
        out.write(await certificate.read())
    return {"installer": installer_id, "file": certificate.filename}


@router.websocket("/live-search")
async def live_search(websocket: WebSocket, db=Depends(get_db)):
    await websocket.accept()
    dao = InstallerDao(db)
    while True:
        typed = await websocket.receive_text()
        await websocket.send_json(dao.search(typed))
