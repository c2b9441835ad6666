// React components of the docs site (client side).
'use client';
import { useEffect, useRef } from 'react';
import DOMPurify from 'dompurify';
import { marked } from 'marked';

export function Comment({ html }: { html: string }) {
  // expect: xss
  return <div dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CommentSafe({ html }: { html: string }) {
  // ok: xss
  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />;
}

export function Markdown({ source }: { source: string }) {
  // expect: xss
  return <article dangerouslySetInnerHTML={{ __html: marked.parse(source) as string }} />;
}

export function Banner() {
  // ok: xss
  return <div dangerouslySetInnerHTML={{ __html: '<b>Docs moved</b>' }} />;
}

export function Profile({ website }: { website: string }) {
  // expect: xss
  return <a href={website}>website</a>;
}

export function ProfileChecked({ website }: { website: string }) {
  const safe = /^https?:\/\//.test(website) ? website : '#';
  // ok: xss
  return <a href={safe}>website</a>;
}

export function SearchTitle() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const q = new URLSearchParams(window.location.search).get('q') ?? '';
    // expect: xss
    if (ref.current) ref.current.innerHTML = 'Results for ' + q;
  }, []);
  return <h1 ref={ref} />;
}

export function SearchTitleText() {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const q = new URLSearchParams(window.location.search).get('q') ?? '';
    // ok: xss
    if (ref.current) ref.current.textContent = 'Results for ' + q;
  }, []);
  return <h1 ref={ref} />;
}

export function Hashed() {
  useEffect(() => {
    // expect: xss
    document.getElementById('out')!.insertAdjacentHTML('beforeend', decodeURIComponent(location.hash.slice(1)));
  }, []);
  return <div id="out" />;
}

export function Legacy() {
  useEffect(() => {
    // expect: xss
    document.write('<p>' + location.search + '</p>');
  }, []);
  return null;
}

export function Embed({ src }: { src: string }) {
  // ok: xss
  return <img src={src} alt="" />;
}

export function persistSession(token: string) {
  // expect: token-in-web-storage
  localStorage.setItem('access_token', token);
}

export function persistTheme(theme: string) {
  // ok: token-in-web-storage
  localStorage.setItem('theme', theme);
}

export function notifyParent(data: unknown) {
  // expect: postmessage-origin
  window.parent.postMessage(data, '*');
}

export function notifyParentPinned(data: unknown) {
  // ok: postmessage-origin
  window.parent.postMessage(data, 'https://app.example.com');
}

export function listen() {
  // expect: postmessage-origin
  window.addEventListener('message', (e) => { document.title = String(e.data.title); });
}

export function listenChecked() {
  // ok: postmessage-origin
  window.addEventListener('message', (e) => { if (e.origin !== 'https://app.example.com') return; document.title = String(e.data.title); });
}
