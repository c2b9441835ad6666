"""Django views of a blog: posts, comments, uploads and a stats page."""
import hashlib
import os
import subprocess

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from .models import Comment, Post


def post_detail(request, slug):
    with connection.cursor() as cur:
        # expect: sql-injection
        cur.execute("SELECT id, title, body FROM blog_post WHERE slug = '%s'" % slug)
        row = cur.fetchone()
    return JsonResponse({"post": row})


def post_detail_safe(request, slug):
    with connection.cursor() as cur:
        # ok: sql-injection
        cur.execute("SELECT id, title, body FROM blog_post WHERE slug = %s", [slug])
        row = cur.fetchone()
    return JsonResponse({"post": row})


def posts_by_author(request):
    author = request.GET.get("author", "")
    # expect: sql-injection
    posts = Post.objects.raw("SELECT * FROM blog_post WHERE author = '" + author + "'")
    return JsonResponse({"ids": [p.id for p in posts]})


def posts_by_author_safe(request):
    author = request.GET.get("author", "")
    # ok: sql-injection
    posts = Post.objects.raw("SELECT * FROM blog_post WHERE author = %s", [author])
    return JsonResponse({"ids": [p.id for p in posts]})


def posts_extra(request):
    order = request.GET.get("order", "id")
    # expect: sql-injection
    posts = Post.objects.extra(where=["title LIKE '%%" + order + "%%'"])
    return JsonResponse({"ids": [p.id for p in posts]})


def posts_filtered(request):
    tag = request.GET.get("tag", "")
    # ok: sql-injection
    posts = Post.objects.filter(tags__name=tag).order_by("-created")
    return JsonResponse({"ids": [p.id for p in posts]})


def comment_preview(request):
    body = request.POST.get("body", "")
    # expect: xss
    return HttpResponse("<div class='comment'>" + body + "</div>")


def comment_preview_escaped(request):
    body = request.POST.get("body", "")
    # ok: xss
    return HttpResponse("<div class='comment'>" + escape(body) + "</div>")


def comment_badge(request):
    who = request.GET.get("who", "")
    # expect: xss
    return HttpResponse(mark_safe("<b>" + who + "</b>"))


def comment_badge_safe(request):
    who = request.GET.get("who", "")
    # ok: xss
    return HttpResponse(format_html("<b>{}</b>", who))


def static_banner(request):
    # ok: xss
    return HttpResponse(mark_safe("<b>Maintenance tonight</b>"))


def attachment(request):
    name = request.GET["file"]
    # expect: path-traversal
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, name), "rb"))


def attachment_by_id(request, pk):
    comment = Comment.objects.get(pk=pk)
    # ok: path-traversal
    return FileResponse(open(os.path.join(settings.MEDIA_ROOT, comment.attachment_name), "rb"))


def after_login(request):
    target = request.GET.get("next", "/")
    # expect: open-redirect
    return HttpResponseRedirect(target)


def after_login_checked(request):
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    # ok: open-redirect
    return redirect(target)


def thumbnail(request):
    size = request.GET.get("size", "64")
    src = request.GET.get("src", "")
    # expect: command-injection
    subprocess.call("convert " + src + " -resize " + size + " /tmp/thumb.png", shell=True)
    return HttpResponse("ok")


def avatar_digest(request):
    email = request.user.email.strip().lower()
    # ok: weak-crypto
    digest = hashlib.md5(email.encode(), usedforsecurity=False).hexdigest()
    return JsonResponse({"gravatar": f"https://www.gravatar.com/avatar/{digest}"})


def reset_token(request):
    # expect: weak-crypto
    token = hashlib.md5((request.user.email + str(request.user.pk)).encode()).hexdigest()
    return JsonResponse({"token": token})
