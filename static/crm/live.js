/* Live updates: a page lists the groups it shows (data-live-groups="case-12 user-3")
   and the parts that may change (data-live-region="name"). On an event the page is
   fetched again and each changed region swapped in place; a region being edited is
   left alone and the reader is offered a reload instead. Without WebSockets nothing
   happens: the page works as before and shows changes on its next load.
   data-live-status on the marked elements: connecting, connected or disconnected; when
   connected also data-live-label (the word beside the green dot) and a title explaining it.
   When live updates stop (the server says the channel layer failed, a socket that was
   live closes, or two tries in a row fail) a banner says so ("实时更新已暂停，请刷新") with
   a reload button; the socket keeps retrying with exponential backoff, and once it is
   subscribed again the banner goes and the page fetches what changed meanwhile. */
(function () {
  "use strict";

  var script = document.currentScript;
  var text = (script && script.dataset) || {};

  function marks() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-live-groups]"));
  }

  // Connected, the heading carries a green dot with its word and a tooltip saying what it means.
  function setStatus(status) {
    marks().forEach(function (el) {
      el.setAttribute("data-live-status", status);
      if (status === "connected") {
        el.setAttribute("data-live-label", text.live || "实时");
        el.setAttribute("title", text.liveTitle || "");
      } else {
        el.removeAttribute("data-live-label");
        el.removeAttribute("title");
      }
    });
  }

  function normalised(el) {
    var copy = el.cloneNode(true);
    copy.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (input) {
      input.removeAttribute("value");  // a fresh token every render, same meaning
    });
    return copy.outerHTML;
  }

  function edited(field) {
    var type = (field.type || "").toLowerCase();
    if (type === "hidden" || type === "submit" || type === "button") return false;
    if (type === "checkbox" || type === "radio") return field.checked !== field.defaultChecked;
    if (type === "file") return !!(field.files && field.files.length);
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  function inUse(region) {
    var active = document.activeElement;
    if (active && region.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) return true;
    return Array.prototype.some.call(region.querySelectorAll("input, select, textarea"), edited);
  }

  function tray() {
    var box = document.querySelector(".live-tray");
    if (!box) {
      box = document.createElement("div");
      box.className = "live-tray";
      document.body.appendChild(box);
    }
    return box;
  }

  function flash() {
    var note = document.createElement("div");
    note.className = "live-flash";
    note.setAttribute("role", "status");
    note.textContent = text.updated || "已更新";
    tray().appendChild(note);
    setTimeout(function () { note.remove(); }, 2500);
  }

  function closable(note) {
    var close = document.createElement("button");
    close.type = "button";
    close.className = "link";
    close.textContent = "×";
    close.setAttribute("aria-label", text.close || "关闭");
    close.addEventListener("click", function () { note.remove(); });
    note.appendChild(close);
    return note;
  }

  function offerReload() {
    if (document.querySelector(".live-stale")) return;
    var note = document.createElement("div");
    note.className = "live-stale";
    note.setAttribute("role", "status");
    note.appendChild(document.createTextNode((text.stale || "此页有新的变化") + " "));
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = text.reload || "刷新";
    reload.addEventListener("click", function () { location.reload(); });
    note.appendChild(reload);
    tray().appendChild(closable(note));
  }

  function announce(message) {
    var note = document.createElement("div");
    note.className = "live-notice";
    note.setAttribute("role", "status");
    note.setAttribute("data-live-notification", String(message.id || ""));
    note.appendChild(document.createTextNode((text.notice || "新通知") + "："));
    var url = typeof message.url === "string" && /^\/(?!\/)/.test(message.url) ? message.url : "";
    var title = document.createElement(url ? "a" : "span");
    if (url) title.href = url;
    title.textContent = message.title || "";
    note.appendChild(title);
    tray().appendChild(closable(note));
  }

  function swap(doc) {
    var changed = false;
    var held = false;
    document.querySelectorAll("[data-live-region]").forEach(function (region) {
      var name = region.getAttribute("data-live-region");
      var fresh = doc.querySelector('[data-live-region="' + CSS.escape(name) + '"]');
      if (!fresh) { held = true; return; }  // no longer on the page: only a reload shows why
      if (normalised(fresh) === normalised(region)) return;
      if (inUse(region)) { held = true; return; }
      region.replaceWith(document.importNode(fresh, true));
      changed = true;
    });
    if (changed) {
      marks().forEach(function (el) {
        el.setAttribute("data-live-updates", String(Number(el.getAttribute("data-live-updates") || 0) + 1));
      });
      flash();
    }
    if (held) offerReload();
  }

  function pausedBanner(show, message) {
    var banner = document.querySelector(".live-paused");
    if (!show) {
      if (banner) banner.remove();
      return;
    }
    if (banner) return;
    banner = document.createElement("div");
    banner.className = "live-paused";
    banner.setAttribute("role", "status");
    banner.setAttribute("data-testid", "live-paused");
    banner.appendChild(document.createTextNode((message || text.paused || "实时更新已暂停，请刷新") + " "));
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = text.reload || "刷新";
    reload.addEventListener("click", function () { location.reload(); });
    banner.appendChild(reload);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(banner, main.firstChild);
  }

  var refreshTimer = null;
  var fetching = false;
  var again = false;

  function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    fetch(location.href, { credentials: "same-origin", cache: "no-store", headers: { "X-Live-Refresh": "1" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("page not available");
        return response.text();
      })
      .then(function (html) { swap(new DOMParser().parseFromString(html, "text/html")); })
      .catch(offerReload)
      .then(function () {
        fetching = false;
        if (again) { again = false; refreshSoon(); }
      });
  }

  function refreshSoon() {  // a burst of events is one fetch
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 250);
  }

  function start() {
    var groups = [];
    marks().forEach(function (el) {
      el.getAttribute("data-live-groups").split(/\s+/).forEach(function (g) {
        if (g && groups.indexOf(g) < 0) groups.push(g);
      });
    });
    if (!groups.length || !("WebSocket" in window)) return;

    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/live";
    var attempts = 0;
    var heartbeat = null;
    var wasConnected = false;
    var missed = false;  // an update may have been missed: fetch the page once subscribed

    function connect() {
      setStatus("connecting");
      var live = false;
      var socket;
      try {
        socket = new WebSocket(url);
      } catch (error) {
        setStatus("disconnected");
        retry();
        return;
      }
      socket.onopen = function () { socket.send(JSON.stringify({ subscribe: groups })); };
      socket.onmessage = function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (error) { return; }
        if (message.type === "subscribed") {
          attempts = 0;
          live = true;
          setStatus("connected");
          pausedBanner(false);
          clearInterval(heartbeat);
          heartbeat = setInterval(function () {
            if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ping: true }));
          }, 1000 * (message.heartbeat || 25));
          if (wasConnected || missed) refreshSoon();  // what happened while we were away
          wasConnected = true;
          missed = false;
        } else if (message.type === "paused") {  // the server's channel layer failed
          missed = true;
          pausedBanner(true, message.message);
        } else if (message.type === "live") {
          if (message.kind === "notification") announce(message);
          refreshSoon();
        }
      };
      socket.onclose = function () {
        clearInterval(heartbeat);
        setStatus("disconnected");
        if (live || attempts >= 1) {  // was live, or the second try in a row failed
          missed = true;
          pausedBanner(true);
        }
        retry();
      };
    }

    function retry() {  // exponential backoff with jitter, at most 30 s apart
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts));
      attempts += 1;
      setTimeout(connect, delay * (0.5 + Math.random() / 2));
    }

    connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
