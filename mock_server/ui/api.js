// The page's calls to the control plane: the admin token (asked for once, kept for the tab),
// JSON in and out, and the event stream, read with fetch so that it can carry the token.

const TOKEN_KEY = 'descript-mock-admin-token';
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let asking = null; // the pending question, shared by every call that met a 401

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function headersWith(extra = {}) {
  const headers = { ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

// Shows the token dialog (with the error line when a token was refused) and resolves once a
// token is given.
function askForToken() {
  if (asking) return asking;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  document.getElementById('token-error').hidden = !token;
  dialog.hidden = false;
  input.value = '';
  input.focus();
  asking = new Promise((resolve) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      const given = input.value.trim();
      if (!given) return;
      token = given;
      sessionStorage.setItem(TOKEN_KEY, token);
      dialog.hidden = true;
      form.onsubmit = null;
      asking = null;
      resolve();
    };
  });
  return asking;
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// One call: the parsed JSON answer (null for 204), or an ApiError carrying the control plane's
// message. A 401 asks for the token and tries again.
export async function call(method, path, { query, body, contentType } = {}) {
  for (;;) {
    const init = { method, headers: headersWith(), cache: 'no-store' };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers['Content-Type'] = contentType || 'application/json';
    }
    const response = await fetch(withQuery(path, query), init);
    if (response.status === 401) {
      await askForToken();
      continue;
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok)
      throw new ApiError(response.status, (json && json.message) || `${response.status} ${text}`);
    return json;
  }
}

// The text of a GET, as it came (a snapshot to download).
export async function fetchText(path) {
  for (;;) {
    const response = await fetch(path, { headers: headersWith(), cache: 'no-store' });
    if (response.status === 401) {
      await askForToken();
      continue;
    }
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, text);
    return text;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One server-sent event's frame: {id, type, data} (data parsed), or null for a comment.
function parseFrame(frame) {
  let id = null;
  let type = 'message';
  const data = [];
  for (const line of frame.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = Number(value);
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  try {
    return { id, type, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}

// Watches GET /_mock/events for as long as the page lives: each batch of events that arrived
// together goes to onEvents; onGap is called when events may have been missed (the first
// connection, a reconnection without an id to resume from, a `missed` notice), and the page
// then reloads what it shows.
export function watchEvents(onEvents, onGap) {
  let lastId = null;
  const run = async () => {
    for (;;) {
      try {
        const path = lastId === null ? '/_mock/events' : `/_mock/events?after_id=${lastId}`;
        const response = await fetch(path, { headers: headersWith(), cache: 'no-store' });
        if (response.status === 401) {
          await askForToken();
          continue;
        }
        if (response.ok && response.body) {
          if (lastId === null) onGap();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value.replace(/\r\n?/g, '\n');
            const batch = [];
            let cut;
            while ((cut = buffer.indexOf('\n\n')) >= 0) {
              const event = parseFrame(buffer.slice(0, cut));
              buffer = buffer.slice(cut + 2);
              if (!event) continue;
              if (event.id !== null) lastId = event.id;
              if (event.type === 'missed') onGap();
              else batch.push(event);
            }
            if (batch.length) onEvents(batch);
          }
        }
      } catch {
        // The mock went away or the stream was cut: try again below.
      }
      await sleep(1000);
    }
  };
  run();
}
