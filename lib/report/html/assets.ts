/**
 * The HTML report's inline style (from `style.css`) and script, kept apart from the writer so each reads
 * on its own.
 *
 * The script is plain ES2019 in a string, not TypeScript compiled at run time: the page must work in any
 * browser from a file, and what is embedded must be exactly what is reviewed here. It reads the report's
 * `<script type="application/json">` blocks and renders the tables one page at a time, so a report of
 * 100,000 rows stays responsive. Every value goes into the page through `textContent` or a DOM property,
 * never through `innerHTML`, so IAM user names and CloudTrail fields stay text.
 *
 * Neither string may contain `</` followed by a tag name that would end the element it sits in
 * (the tests check it).
 *
 * @module
 */
import style from "./style.css" with { type: "text" };

/** The page's CSS (`style.css`): system fonts only, nothing to fetch. */
export const REPORT_STYLE: string = style;

/** The page's script: builds the findings, failed-accounts and CloudTrail tables from the data blocks. */
export const REPORT_SCRIPT = String.raw`
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("report-meta").textContent);
  var T = meta.labels;
  var FIND = meta.findings;
  var RANK = { critical: 4, high: 3, medium: 2, low: 1 };
  var collator = new Intl.Collator(meta.locale, { numeric: true, sensitivity: "base" });
  var nf = new Intl.NumberFormat(meta.locale);
  var PAGE = 100;

  function index(cols) { var o = {}; for (var i = 0; i < cols.length; i++) o[cols[i]] = i; return o; }
  var IC = index(meta.iamColumns), EC = index(meta.eventColumns), AC = index(meta.accountColumns);
  function str(v) { return v === undefined || v === null ? "" : String(v); }
  function codesOf(cell) {
    return str(cell).split(";").map(function (c) { return c.trim(); }).filter(function (c) { return c !== ""; });
  }
  function sevOf(code) { return FIND[code] ? FIND[code].severity : "low"; }
  // Dates are shown to the minute; the exact value stays in the tooltip and in the details.
  function showDate(td, value) {
    var v = str(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) { td.textContent = v.slice(0, 10) + " " + v.slice(11, 16); td.title = v; }
    else td.textContent = v;
  }
  function fill(template, vars) { return template.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; }); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // ---- data: one JSON block per account, written as the audit went.
  var accounts = [], rows = [], events = [];
  var blocks = document.querySelectorAll("script[data-account]");
  for (var b = 0; b < blocks.length; b++) {
    var block = JSON.parse(blocks[b].textContent);
    var a = block.a;
    var acct = { id: str(a[AC.account_id]), name: str(a[AC.account_name]), v: a };
    acct.label = acct.name + " (" + acct.id + ")";
    var ai = accounts.push(acct) - 1;
    var rootCodes = codesOf(a[AC.findings]);
    if (rootCodes.length > 0) rows.push(findingRow(ai, true, a, rootCodes));
    for (var u = 0; u < block.u.length; u++) {
      var v = block.u[u];
      if (v[IC.user_arn] === meta.defaultArn) v[IC.user_arn] = "arn:aws:iam::" + acct.id + ":user/" + str(v[IC.username]);
      rows.push(findingRow(ai, false, v, codesOf(v[IC.findings])));
    }
    for (var e = 0; e < block.e.length; e++) events.push({ a: ai, v: block.e[e] });
  }

  function findingRow(ai, root, v, codes) {
    var r = { a: ai, root: root, v: v, codes: codes, score: 0, sev: 0, hay: null, open: false };
    for (var i = 0; i < codes.length; i++) {
      var s = sevOf(codes[i]);
      r.score += meta.weights[s] || 1;
      r.sev = Math.max(r.sev, RANK[s] || 1);
    }
    if (root) {
      r.user = T.root; r.key = ""; r.status = ""; r.age = null;
      r.last = str(v[AC.root_last_console_login]); r.pwd = ""; r.mfa = str(v[AC.root_mfa]);
    } else {
      r.user = str(v[IC.username]); r.key = str(v[IC.access_key_id]); r.status = str(v[IC.status]);
      var age = str(v[IC.key_age_days]);
      r.age = age === "" ? null : Number(age);
      r.last = str(v[IC.last_used_date]); r.pwd = str(v[IC.password_status]); r.mfa = str(v[IC.mfa_status]);
    }
    return r;
  }

  // The order ties fall back to: accounts by name, then root first, then user and key. Computed once
  // with cheap comparisons so that the first render of 100,000 rows stays quick.
  accounts.map(function (_, i) { return i; }).sort(function (x, y) {
    return collator.compare(accounts[x].name, accounts[y].name) || collator.compare(accounts[x].id, accounts[y].id);
  }).forEach(function (ai, rank) { accounts[ai].rank = rank; });
  function plain(p, q) { return p < q ? -1 : p > q ? 1 : 0; }
  rows.sort(function (x, y) {
    return (accounts[x.a].rank - accounts[y.a].rank) || ((y.root ? 1 : 0) - (x.root ? 1 : 0)) ||
      plain(x.user.toLowerCase(), y.user.toLowerCase()) || plain(x.key, y.key);
  });
  rows.forEach(function (r, i) { r.ord = i; });

  function haystack(r) {
    if (r.hay === null) r.hay = (accounts[r.a].label + "\n" + r.v.map(str).join("\n")).toLowerCase();
    return r.hay;
  }

  // ---- a sortable, filterable table rendered one page at a time.
  function makeTable(host, opts) {
    var state = { key: opts.sort.key, dir: opts.sort.dir, page: 0, sorted: opts.rows.slice(), shown: [] };
    var wrap = el("div", "table-wrap");
    var table = el("table", "data");
    table.id = opts.id;
    var thead = el("thead"), tr = el("tr"), tbody = el("tbody");
    var ths = {};
    opts.columns.forEach(function (col) {
      var th = el("th", col.num ? "num" : "");
      th.setAttribute("data-sort", col.key);
      var button = el("button", "", col.label);
      button.type = "button";
      button.addEventListener("click", function () {
        if (state.key === col.key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.key = col.key; state.dir = col.desc ? "desc" : "asc"; }
        resort();
      });
      th.appendChild(button);
      ths[col.key] = th;
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    table.appendChild(tbody);
    wrap.appendChild(table);
    var pager = el("div", "pager");
    var first = el("button", "", T.first), prev = el("button", "", T.prev);
    var next = el("button", "", T.next), last = el("button", "", T.last);
    var count = el("span", "count");
    count.id = opts.id + "-count";
    [first, prev, count, next, last].forEach(function (x) { if (x.tagName === "BUTTON") x.type = "button"; pager.appendChild(x); });
    first.addEventListener("click", function () { go(0); });
    prev.addEventListener("click", function () { go(state.page - 1); });
    next.addEventListener("click", function () { go(state.page + 1); });
    last.addEventListener("click", function () { go(Infinity); });
    host.appendChild(wrap);
    host.appendChild(pager);

    function go(page) {
      var pages = Math.max(1, Math.ceil(state.shown.length / PAGE));
      state.page = Math.max(0, Math.min(pages - 1, page));
      render();
    }
    function compare(col, dir) {
      var sign = dir === "desc" ? -1 : 1;
      return function (x, y) {
        var p = col.value(x), q = col.value(y);
        var c = 0;
        var pe = p === null || p === "", qe = q === null || q === "";
        if (pe || qe) c = pe && qe ? 0 : pe ? 1 : -1;
        else if (typeof p === "number" && typeof q === "number") c = sign * (p - q);
        else c = sign * (col.plain ? plain(String(p), String(q)) : collator.compare(String(p), String(q)));
        return c || opts.tie(x, y);
      };
    }
    function resort() {
      var col = opts.columns.filter(function (c) { return c.key === state.key; })[0];
      state.sorted.sort(compare(col, state.dir));
      for (var k in ths) ths[k].setAttribute("aria-sort", k === state.key ? (state.dir === "asc" ? "ascending" : "descending") : "none");
      refilter(true);
    }
    function refilter(keepPage) {
      state.shown = opts.match ? state.sorted.filter(opts.match) : state.sorted;
      if (!keepPage) state.page = 0;
      go(keepPage ? state.page : 0);
    }
    function render() {
      var frag = document.createDocumentFragment();
      var start = state.page * PAGE;
      var slice = state.shown.slice(start, start + PAGE);
      slice.forEach(function (r) {
        var row = el("tr", "row");
        opts.columns.forEach(function (col) {
          var td = el("td", col.num ? "num" : "");
          td.setAttribute("data-col", col.key);
          col.cell(td, r);
          row.appendChild(td);
        });
        row.addEventListener("click", function (ev) {
          if (window.getSelection && String(window.getSelection()) !== "") return;
          if (ev.target && ev.target.tagName === "BUTTON") return;
          r.open = !r.open;
          render();
        });
        frag.appendChild(row);
        if (r.open && opts.details) {
          var dtr = el("tr", "details"), td = el("td");
          td.colSpan = opts.columns.length;
          var dl = el("dl", "kv");
          opts.details(r).forEach(function (pair) { dl.appendChild(el("dt", "", pair[0])); dl.appendChild(el("dd", "mono", pair[1])); });
          td.appendChild(dl);
          dtr.appendChild(td);
          frag.appendChild(dtr);
        }
      });
      if (slice.length === 0) {
        var empty = el("tr"), etd = el("td", "empty", opts.empty);
        etd.colSpan = opts.columns.length;
        empty.appendChild(etd);
        frag.appendChild(empty);
      }
      tbody.textContent = "";
      tbody.appendChild(frag);
      var total = state.shown.length;
      count.setAttribute("data-count", String(total));
      count.textContent = total === 0 ? T.none : fill(T.showing, { from: nf.format(start + 1), to: nf.format(start + slice.length), total: nf.format(total) });
      var pages = Math.max(1, Math.ceil(total / PAGE));
      first.disabled = prev.disabled = state.page === 0;
      next.disabled = last.disabled = state.page >= pages - 1;
    }
    resort();
    return { refilter: function () { refilter(false); } };
  }

  function control(label, input) {
    var l = el("label", "", label);
    l.appendChild(input);
    return l;
  }
  function select(id, options) {
    var s = el("select");
    s.id = id;
    options.forEach(function (o) { var opt = el("option", "", o[1]); opt.value = o[0]; if (o[2]) opt.title = o[2]; s.appendChild(opt); });
    return s;
  }
  function search(id) {
    var i = el("input");
    i.id = id;
    i.type = "search";
    i.placeholder = T.searchPlaceholder;
    i.autocomplete = "off";
    return i;
  }
  function debounce(fn) {
    var t = 0;
    return function () { clearTimeout(t); t = setTimeout(fn, 150); };
  }
  function accountOptions(list) {
    return [["", T.allAccounts]].concat(list.slice().sort(function (x, y) {
      return collator.compare(accounts[x].name, accounts[y].name) || collator.compare(accounts[x].id, accounts[y].id);
    }).map(function (i) { return [String(i), accounts[i].label]; }));
  }
  function accountCell(td, r) {
    td.appendChild(document.createTextNode(accounts[r.a].name));
    td.appendChild(el("span", "sub mono", accounts[r.a].id));
  }
  function byAccountName(x, y) { return accounts[x.a].rank - accounts[y.a].rank; }

  // ---- findings
  var findingsHost = document.getElementById("findings-host");
  var findingsTable = null, fAccount = null, fFinding = null;
  if (findingsHost) {
    var codeCounts = {};
    rows.forEach(function (r) { r.codes.forEach(function (c) { codeCounts[c] = (codeCounts[c] || 0) + 1; }); });
    var codeOptions = Object.keys(FIND).concat(Object.keys(codeCounts).filter(function (c) { return !FIND[c]; }))
      .map(function (c) { return [c, c + " · " + nf.format(codeCounts[c] || 0), FIND[c] ? FIND[c].text : ""]; });
    fAccount = select("f-account", accountOptions(accounts.map(function (_, i) { return i; })));
    fFinding = select("f-finding", [["", T.allRows], ["*", T.anyFinding], ["-", T.noFinding]].concat(codeOptions));
    var fText = search("f-text");
    var controls = el("div", "controls");
    controls.appendChild(control(T.account, fAccount));
    controls.appendChild(control(T.finding, fFinding));
    controls.appendChild(control(T.search, fText));
    findingsHost.appendChild(controls);
    var iamAll = meta.allIamColumns;
    findingsTable = makeTable(findingsHost, {
      id: "findings-table",
      rows: rows,
      sort: { key: "risk", dir: "desc" },
      empty: T.none,
      columns: [
        { key: "risk", label: T.risk, num: true, desc: true, value: function (r) { return r.score; }, cell: function (td, r) {
          var s = el("span", "risk" + (r.score > 0 ? " sev-" + ["", "low", "medium", "high", "critical"][r.sev] : ""), r.score);
          td.appendChild(s);
        } },
        { key: "account", label: T.account, value: function (r) { return accounts[r.a].rank; }, cell: accountCell },
        { key: "user", label: T.user, value: function (r) { return r.user; }, cell: function (td, r) {
          td.textContent = r.user;
          if (r.root) td.className = "root-user";
          else td.title = str(r.v[IC.user_arn]);
        } },
        { key: "key", label: T.accessKey, plain: true, value: function (r) { return r.key; }, cell: function (td, r) { td.textContent = r.key; td.className = "mono nowrap"; } },
        { key: "status", label: T.status, value: function (r) { return r.status; }, cell: function (td, r) { td.textContent = r.status; } },
        { key: "age", label: T.age, num: true, desc: true, value: function (r) { return r.age; }, cell: function (td, r) {
          td.textContent = r.age === null ? "" : nf.format(r.age);
          if (r.age !== null && r.age > 90) td.className = "num old";
        } },
        { key: "last", label: T.lastUsed, desc: true, plain: true, value: function (r) { return r.last; }, cell: function (td, r) {
          showDate(td, r.last);
          td.className = "nowrap";
          if (!r.root && r.key !== "" && r.last !== "" && !/^\d{4}-/.test(r.last)) td.className = "never";
        } },
        { key: "password", label: T.password, value: function (r) { return r.pwd; }, cell: function (td, r) { td.textContent = r.pwd; } },
        { key: "mfa", label: T.mfa, value: function (r) { return r.mfa; }, cell: function (td, r) {
          td.textContent = r.mfa;
          if (r.mfa === "None") td.className = "bad";
        } },
        { key: "findings", label: T.findings, desc: true, value: function (r) { return r.codes.length; }, cell: function (td, r) {
          r.codes.forEach(function (c) {
            var chip = el("span", "chip sev-" + sevOf(c), c);
            if (FIND[c]) chip.title = FIND[c].text + " (CIS " + FIND[c].cis + ")";
            td.appendChild(chip);
          });
        } },
      ],
      tie: function (x, y) {
        return (y.score - x.score) || (y.codes.length - x.codes.length) || (x.ord - y.ord);
      },
      match: function (r) {
        if (fAccount.value !== "" && String(r.a) !== fAccount.value) return false;
        var f = fFinding.value;
        if (f === "*" && r.codes.length === 0) return false;
        if (f === "-" && r.codes.length > 0) return false;
        if (f !== "" && f !== "*" && f !== "-" && r.codes.indexOf(f) === -1) return false;
        var q = fText.value.trim().toLowerCase();
        return q === "" || haystack(r).indexOf(q) !== -1;
      },
      details: function (r) {
        if (r.root) return meta.accountColumns.map(function (c, i) { return [c, str(r.v[i])]; });
        var values = [accounts[r.a].id, accounts[r.a].name].concat(r.v);
        return iamAll.map(function (c) { return [c, str(values[c === "account_id" ? 0 : c === "account_name" ? 1 : IC[c] + 2])]; });
      },
    });
    fAccount.addEventListener("change", findingsTable.refilter);
    fFinding.addEventListener("change", findingsTable.refilter);
    fText.addEventListener("input", debounce(findingsTable.refilter));
  }

  // Legend codes and chart bars act as shortcuts to the table's filters.
  function focusFindings() { if (findingsHost) findingsHost.scrollIntoView({ behavior: "smooth", block: "start" }); }
  Array.prototype.forEach.call(document.querySelectorAll("button.chip[data-code]"), function (chip) {
    chip.addEventListener("click", function () {
      if (!fFinding) return;
      fFinding.value = chip.getAttribute("data-code");
      findingsTable.refilter();
      focusFindings();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".acct-bar[data-account]"), function (bar) {
    bar.addEventListener("click", function () {
      if (!fAccount) return;
      var id = bar.getAttribute("data-account");
      for (var i = 0; i < accounts.length; i++) if (accounts[i].id === id) fAccount.value = String(i);
      findingsTable.refilter();
      focusFindings();
    });
  });

  // ---- accounts not audited
  var failedHost = document.getElementById("failed-host");
  if (failedHost) {
    var notAudited = [];
    accounts.forEach(function (acc, i) { if (str(acc.v[AC.audit_result]) !== "audited") notAudited.push({ a: i, v: acc.v, open: false }); });
    if (notAudited.length === 0) failedHost.appendChild(el("p", "empty", T.noneFailed));
    else {
      var resultRank = { failed: 0, skipped: 2 };
      var resultOf = function (r) { return str(r.v[AC.audit_result]); };
      makeTable(failedHost, {
        id: "failed-table",
        rows: notAudited,
        sort: { key: "result", dir: "asc" },
        empty: T.none,
        columns: [
          { key: "account", label: T.account, value: function (r) { return accounts[r.a].rank; }, cell: function (td, r) { td.textContent = accounts[r.a].name; } },
          { key: "id", label: T.accountId, value: function (r) { return accounts[r.a].id; }, cell: function (td, r) { td.textContent = accounts[r.a].id; td.className = "mono"; } },
          { key: "state", label: T.accountState, value: function (r) { return str(r.v[AC.account_state]); }, cell: function (td, r) { td.textContent = str(r.v[AC.account_state]); } },
          { key: "result", label: T.result, value: function (r) { var k = resultOf(r); return k in resultRank ? resultRank[k] : 1; }, cell: function (td, r) {
            var k = resultOf(r);
            td.textContent = T[k] || k;
            if (k === "failed") td.className = "bad";
          } },
          { key: "reason", label: T.reason, value: function (r) { return str(r.v[AC.reason]); }, cell: function (td, r) { td.textContent = str(r.v[AC.reason]); } },
        ],
        tie: byAccountName,
        details: function (r) { return meta.accountColumns.map(function (c, i) { return [c, str(r.v[i])]; }); },
      });
    }
  }

  // ---- CloudTrail timeline
  var eventsHost = document.getElementById("events-host");
  if (eventsHost) {
    if (events.length === 0) eventsHost.appendChild(el("p", "empty", T.noEvents));
    else {
      var names = {};
      events.forEach(function (ev) { var n = str(ev.v[EC.eventName]); names[n] = (names[n] || 0) + 1; });
      var withEvents = [];
      var seen = {};
      events.forEach(function (ev) { if (!seen[ev.a]) { seen[ev.a] = true; withEvents.push(ev.a); } });
      var eAccount = select("f-ev-account", accountOptions(withEvents));
      var eName = select("f-ev-name", [["", T.allEvents]].concat(Object.keys(names).sort().map(function (n) { return [n, n + " · " + nf.format(names[n])]; })));
      var eText = search("f-ev-text");
      var ec = el("div", "controls");
      ec.appendChild(control(T.account, eAccount));
      ec.appendChild(control(T.event, eName));
      ec.appendChild(control(T.search, eText));
      eventsHost.appendChild(ec);
      var field = function (name) { return function (r) { return str(r.v[EC[name]]); }; };
      var textCol = function (key, label, name, cls) {
        var get = field(name);
        return { key: key, label: label, value: get, cell: function (td, r) { td.textContent = get(r); if (cls) td.className = cls; } };
      };
      var allEv = meta.allEventColumns;
      var eventsTable = makeTable(eventsHost, {
        id: "events-table",
        rows: events,
        sort: { key: "time", dir: "desc" },
        empty: T.none,
        columns: [
          { key: "time", label: T.time, desc: true, plain: true, value: field("eventTime"), cell: function (td, r) { showDate(td, r.v[EC.eventTime]); td.className = "mono nowrap"; } },
          textCol("event", T.event, "eventName"),
          textCol("user", T.user, "username"),
          { key: "account", label: T.account, value: function (r) { return accounts[r.a].rank; }, cell: accountCell },
          textCol("resources", T.resources, "resources"),
          textCol("ip", T.sourceIp, "source_ip", "mono"),
          textCol("agent", T.userAgent, "user_agent"),
          { key: "error", label: T.errorCode, value: field("error_code"), cell: function (td, r) { td.textContent = str(r.v[EC.error_code]); td.className = "bad"; } },
          textCol("region", T.region, "aws_region"),
          textCol("id", T.eventId, "event_id", "mono"),
        ],
        tie: function (x, y) { return plain(str(y.v[EC.eventTime]), str(x.v[EC.eventTime])) || byAccountName(x, y); },
        match: function (r) {
          if (eAccount.value !== "" && String(r.a) !== eAccount.value) return false;
          if (eName.value !== "" && str(r.v[EC.eventName]) !== eName.value) return false;
          var q = eText.value.trim().toLowerCase();
          if (q === "") return true;
          if (r.hay === undefined) r.hay = (accounts[r.a].label + "\n" + r.v.map(str).join("\n")).toLowerCase();
          return r.hay.indexOf(q) !== -1;
        },
        details: function (r) {
          var values = {};
          meta.eventColumns.forEach(function (c, i) { values[c] = str(r.v[i]); });
          values.account_id = accounts[r.a].id;
          values.account_name = accounts[r.a].name;
          return allEv.map(function (c) { return [c, values[c]]; });
        },
      });
      eAccount.addEventListener("change", eventsTable.refilter);
      eName.addEventListener("change", eventsTable.refilter);
      eText.addEventListener("input", debounce(eventsTable.refilter));
    }
  }
  // Build the search text of every row in the background, so the first search is as quick as the next.
  var pending = 0;
  (function warm() {
    var end = Math.min(rows.length, pending + 5000);
    for (; pending < end; pending++) haystack(rows[pending]);
    if (pending < rows.length) setTimeout(warm, 0);
  })();
  document.documentElement.setAttribute("data-ready", "true");
})();
`;
