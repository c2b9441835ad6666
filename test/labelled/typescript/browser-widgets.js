// Plain browser widgets (jQuery and DOM) of a legacy admin page.
/* global $, document, window, location */

export function renderComment(comment) {
  // expect: xss
  $('#comments').append('<li>' + comment.body + '</li>');
}

export function renderCommentText(comment) {
  // ok: xss
  $('#comments').append($('<li>').text(comment.body));
}

export function renderTitle(title) {
  // expect: xss
  $('#title').html(title);
}

export function renderTitleText(title) {
  // ok: xss
  $('#title').text(title);
}

export function showError(message) {
  // expect: xss
  document.querySelector('.error').outerHTML = '<div class="error">' + message + '</div>';
}

export function showFixed() {
  // ok: xss
  document.querySelector('.error').innerHTML = '<div class="error">Something went wrong</div>';
}

export function showSearch() {
  const q = new URLSearchParams(location.search).get('q');
  // expect: xss
  document.getElementById('q').innerHTML = q;
}

export function clearList(el) {
  // ok: xss
  el.innerHTML = '';
}

export function goBack() {
  const to = new URLSearchParams(location.search).get('return');
  // expect: open-redirect
  window.location.href = to;
}

export function goHome() {
  // ok: open-redirect
  window.location.href = '/';
}

export function openLink() {
  // expect: open-redirect
  location.assign(location.hash.slice(1));
}

export function runSnippet(code) {
  // expect: code-injection
  return Function(code)();
}

export function runWidgetTimer(cb) {
  // ok: code-injection
  return window.setInterval(cb, 1000);
}

export function runTimerString(expr) {
  // expect: code-injection
  return window.setInterval('update(' + expr + ')', 1000);
}

export function storeToken(jwt) {
  // expect: token-in-web-storage
  sessionStorage.setItem('jwt', jwt);
}

export function storeLastTab(tab) {
  // ok: token-in-web-storage
  sessionStorage.setItem('lastTab', tab);
}

export function mergeOptions(target, source) {
  for (const key of Object.keys(source)) {
    if (typeof source[key] === 'object') {
      target[key] = target[key] || {};
      mergeOptions(target[key], source[key]);
    } else {
      // expect: prototype-pollution
      target[key] = source[key];
    }
  }
  return target;
}

export function mergeOptionsSafe(target, source) {
  for (const key of Object.keys(source)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    // ok: prototype-pollution
    target[key] = source[key];
  }
  return target;
}

export function fromQuery() {
  const params = new URLSearchParams(location.search);
  const settings = {};
  // expect: prototype-pollution
  for (const [k, v] of params) settings[k] = v;
  return settings;
}

export function lookupColor(name) {
  const colors = { red: '#f00', green: '#0f0' };
  // ok: prototype-pollution
  return Object.prototype.hasOwnProperty.call(colors, name) ? colors[name] : '#000';
}
