// The web chat page. It talks to the JSON API of the same server:
//   POST /api/v1/chat                           one customer turn
//   GET  /api/v1/conversations/{id}/messages    agent replies during a hand-off
// The conversation (its random ID, the rendered history, the transcript
// cursor) is kept in localStorage so that a reload carries on where it was.
// Every text of the page comes from the server (#chat-texts), in each
// language it speaks: nothing here is worded for customers.
(function () {
  'use strict';

  const STORE_KEY = 'supportbot.chat.v1';
  const MAX_HISTORY = 200;
  const POLL_MS = 2000;
  const POLL_HIDDEN_MS = 10000;
  const POLL_MAX_MS = 30000;

  const texts = JSON.parse(document.getElementById('chat-texts').textContent);
  const pageLang = document.documentElement.lang;
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('message');
  const statusLine = document.getElementById('status');
  const typing = document.getElementById('typing');
  const errorLine = document.getElementById('error');
  const newButton = document.getElementById('new-conversation');

  let state = load() || fresh(pageLang);
  let lang = pageLang;
  let busy = false;
  let pollTimer = 0;
  let pollDelay = POLL_MS;
  let pollAbort = null;
  // generation changes whenever a poll's answer may be out of date (a turn
  // was sent, the conversation was reset), so that late answers are dropped.
  let generation = 0;

  function t(key) {
    const set = texts[lang] || texts[pageLang] || {};
    return set[key] || '';
  }

  // newID draws a 128-bit conversation ID. It is the only key to the
  // conversation, so it must not be guessable.
  function newID() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  function fresh(l) {
    return { id: newID(), lang: l, cursor: 0, handoff: false, history: [] };
  }

  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(STORE_KEY));
      if (s && typeof s.id === 'string' && /^[0-9a-f]{32}$/.test(s.id) && Array.isArray(s.history)) {
        s.cursor = Number(s.cursor) || 0;
        return s;
      }
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return null;
  }

  function save() {
    state.history = state.history.slice(-MAX_HISTORY);
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* private mode or full: the page still works */ }
  }

  // setLang switches the page chrome to the conversation's language.
  function setLang(l) {
    if (!l || !texts[l] || l === lang) {
      return;
    }
    lang = l;
    state.lang = l;
    document.documentElement.lang = l;
    document.querySelectorAll('[data-text]').forEach(function (el) {
      el.textContent = t(el.dataset.text);
    });
    document.querySelectorAll('[data-placeholder]').forEach(function (el) {
      el.placeholder = t(el.dataset.placeholder);
    });
    const welcome = document.getElementById('welcome');
    if (welcome) {
      welcome.replaceWith(renderEntry(welcomeEntry()));
    }
    document.querySelectorAll('.choices').forEach(function (el) {
      el.setAttribute('aria-label', t('choices_label'));
    });
  }

  function welcomeEntry() {
    return { from: 'bot', text: t('welcome'), lang: lang, welcome: true };
  }

  // appendText writes text into el, turning web addresses (a carrier's
  // tracking page) into links. Never innerHTML: the text is untrusted.
  function appendText(el, text) {
    const urls = /https?:\/\/[^\s<>"']+/g;
    let last = 0;
    let m;
    while ((m = urls.exec(text)) !== null) {
      let url = m[0].replace(/[.,;:!?)\]»]+$/, '');
      el.append(text.slice(last, m.index));
      const a = document.createElement('a');
      a.href = url;
      a.textContent = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      el.append(a);
      last = m.index + url.length;
      urls.lastIndex = last;
    }
    el.append(text.slice(last));
  }

  function whoLabel(entry) {
    switch (entry.from) {
      case 'agent':
        return entry.author ? entry.author + ' · ' + t('agent_label') : t('agent_label');
      case 'customer':
        return t('you');
      default:
        return t('bot_name');
    }
  }

  function renderEntry(entry) {
    const div = document.createElement('div');
    div.className = 'msg msg-' + entry.from;
    if (entry.lang) {
      div.lang = entry.lang;
    }
    if (entry.welcome) {
      div.id = 'welcome';
    }
    const who = document.createElement('p');
    who.className = 'who';
    if (entry.from !== 'agent') {
      who.classList.add('visually-hidden');
    }
    who.textContent = whoLabel(entry);
    const bubble = document.createElement('p');
    bubble.className = 'bubble';
    appendText(bubble, entry.text);
    div.append(who, bubble);
    if (entry.buttons && entry.buttons.length > 0) {
      const group = document.createElement('div');
      group.className = 'choices';
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', t('choices_label'));
      entry.buttons.forEach(function (b) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = b.label;
        button.disabled = Boolean(entry.spent);
        button.addEventListener('click', function () {
          if (busy) {
            return;
          }
          send({ payload: b.payload }, b.label);
          input.focus();
        });
        group.append(button);
      });
      div.append(group);
    }
    return div;
  }

  function addEntry(entry) {
    state.history.push(entry);
    log.append(renderEntry(entry));
    log.scrollTop = log.scrollHeight;
  }

  function renderAll() {
    log.replaceChildren(renderEntry(welcomeEntry()));
    state.history.forEach(function (entry) {
      log.append(renderEntry(entry));
    });
    log.scrollTop = log.scrollHeight;
  }

  // spendChoices disables the buttons offered so far: once the customer has
  // moved on, an old choice would answer a question no longer asked. It
  // returns the entries it changed, to undo it if the turn fails.
  function spendChoices() {
    const changed = state.history.filter(function (e) {
      return e.buttons && e.buttons.length > 0 && !e.spent;
    });
    changed.forEach(function (e) { e.spent = true; });
    log.querySelectorAll('.choices button').forEach(function (b) { b.disabled = true; });
    return changed;
  }

  // showError shows (or hides) why a message did not go through: the
  // server asked to slow down (429), or anything else.
  function showError(on, slowDown) {
    errorLine.textContent = on ? t(slowDown ? 'slow_down' : 'error') : '';
    errorLine.hidden = !on;
  }

  async function send(body, echo) {
    if (busy) {
      return;
    }
    busy = true;
    generation++;
    if (pollAbort) {
      pollAbort.abort();
    }
    showError(false);
    const spent = spendChoices();
    const conv = state;
    const entry = { from: 'customer', text: echo, lang: lang };
    addEntry(entry);
    typing.hidden = false;
    try {
      const res = await fetch('/api/v1/chat', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(Object.assign({ conversation_id: state.id }, body)),
      });
      if (!res.ok) {
        const e = new Error('chat: HTTP ' + res.status);
        e.status = res.status;
        throw e;
      }
      const data = await res.json();
      if (state !== conv) {
        return; // the customer started a new conversation meanwhile
      }
      setLang(data.lang);
      entry.lang = lang;
      data.replies.forEach(function (r) {
        addEntry({
          from: r.agent ? 'agent' : 'bot',
          author: r.agent || '',
          text: r.text,
          buttons: r.buttons || [],
          lang: lang,
        });
      });
      await setHandoff(data.handoff);
    } catch (err) {
      if (state !== conv) {
        return;
      }
      // Take the message back so that it can be sent again.
      state.history.splice(state.history.indexOf(entry), 1);
      spent.forEach(function (e) { e.spent = false; });
      renderAll();
      if (body.text !== undefined && input.value === '') {
        input.value = body.text;
      }
      showError(true, err.status === 429);
    } finally {
      busy = false;
      typing.hidden = true;
      save();
    }
  }

  // setHandoff follows the hand-off state. Entering it, or after each turn
  // during it, the transcript cursor is brought up to date: the lines the
  // turn wrote are on screen already, agent lines are shown.
  async function setHandoff(on) {
    state.handoff = Boolean(on);
    statusLine.hidden = !state.handoff;
    if (!state.handoff) {
      stopPolling();
      return;
    }
    try {
      await fetchLines(false);
    } catch (err) {
      // The next poll catches up; the turn itself went through.
    }
    if (state.handoff) {
      schedulePoll(POLL_MS);
    }
  }

  // fetchLines gets the transcript lines after the cursor. Agent lines are
  // always new to the page; bot lines only when polling (between turns),
  // since a turn's own replies came with its answer.
  async function fetchLines(showBot) {
    const gen = generation;
    pollAbort = new AbortController();
    const url = '/api/v1/conversations/' + encodeURIComponent(state.id) +
      '/messages?after=' + encodeURIComponent(state.cursor);
    const res = await fetch(url, { signal: pollAbort.signal, cache: 'no-store' });
    if (!res.ok) {
      throw new Error('messages: HTTP ' + res.status);
    }
    const data = await res.json();
    if (gen !== generation) {
      return;
    }
    data.messages.forEach(function (m) {
      state.cursor = Math.max(state.cursor, m.id);
      if (m.from === 'agent' || (m.from === 'bot' && showBot)) {
        addEntry({ from: m.from, author: m.author || '', text: m.text, lang: lang });
      }
    });
    // A server that cannot tell says nothing: the next turn's answer will.
    if (data.handoff === false) {
      state.handoff = false;
      statusLine.hidden = true;
    }
    save();
  }

  function schedulePoll(delay) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, document.hidden ? Math.max(delay, POLL_HIDDEN_MS) : delay);
  }

  async function poll() {
    if (!state.handoff) {
      return;
    }
    if (busy) {
      schedulePoll(POLL_MS);
      return;
    }
    try {
      await fetchLines(true);
      pollDelay = POLL_MS;
    } catch (err) {
      if (err.name === 'AbortError') {
        return;
      }
      pollDelay = Math.min(pollDelay * 2, POLL_MAX_MS);
    }
    if (state.handoff) {
      schedulePoll(pollDelay);
    }
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    if (pollAbort) {
      pollAbort.abort();
    }
  }

  function reset() {
    stopPolling();
    generation++;
    state = fresh(pageLang);
    save();
    setLang(pageLang);
    statusLine.hidden = true;
    showError(false);
    renderAll();
    input.value = '';
    input.focus();
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    const text = input.value.trim();
    if (text === '' || busy) {
      return;
    }
    input.value = '';
    send({ text: text }, text);
  });
  newButton.addEventListener('click', reset);

  if (state.history.length > 0 && state.lang) {
    setLang(state.lang);
  }
  renderAll();
  statusLine.hidden = !state.handoff;
  if (state.handoff) {
    schedulePoll(0);
  }
  save();
}());
