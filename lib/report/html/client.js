/**
 * The HTML report's script: builds the findings, not-audited accounts and CloudTrail tables from the
 * page's data blocks, one page of rows at a time, so a report of 100,000 rows stays responsive.
 *
 * It is embedded in the page as it is here, so it stays plain ES2019 that any browser runs from a file.
 * Every value goes into the page through `textContent` or a DOM property, never as markup, so IAM user
 * names and CloudTrail fields stay text. The cells come typed (findings as arrays, numbers as numbers,
 * absent as null) with the flags the page needs, so nothing here splits a cell, tests a date or
 * compares a value with a word. It must never contain `</` followed by a tag name, which would end
 * the element it sits in (the tests check it).
 *
 * `deno check` type-checks it with its JSDoc types, and its data's types are the writer's own,
 * imported from `data_block.ts`. The DOM's types come from this folder's `deno.json` (a workspace
 * member with `checkJs` and the `dom` lib), not from `// @ts-check` and `/// <reference lib="dom" />`
 * here: a lib reference would give every module of the check the DOM's globals, whose streams clash
 * with Deno's.
 */

/** @typedef {import("./data_block.ts").ClientMeta} ClientMeta */
/** @typedef {import("./data_block.ts").AccountBlock} AccountBlock */
/** @typedef {import("./data_block.ts").JsonCell} JsonCell */
/** @typedef {import("../../model/findings.ts").FindingCode} FindingCode */
/** @typedef {import("../../model/findings.ts").Severity} Severity */
/** @typedef {import("../../model/records.ts").AuditOutcome} AuditOutcome */

/**
 * An account of the page.
 * @typedef {object} Account
 * @property {string} id
 * @property {string} name
 * @property {string} label `name (id)`, as filters and search show it
 * @property {JsonCell[]} cells its row of the accounts report
 * @property {number} rank its place in the order by name
 */

/**
 * A row of the findings table: an account's root user, a row of the IAM report, or a row of the
 * credentials report.
 * @typedef {object} FindingRow
 * @property {number} a the account's index
 * @property {boolean} root
 * @property {boolean} credential a service-specific credential, SSH public key or signing certificate
 * @property {string} kind the credential's type, as the credentials report names it
 * @property {JsonCell[]} cells the account's row (root) or the IAM row
 * @property {readonly FindingCode[]} codes
 * @property {number} score the sum of the codes' severity weights
 * @property {Severity | null} worst the worst severity of its codes
 * @property {string} user
 * @property {string} key
 * @property {string} status
 * @property {number | null} age
 * @property {string} last last use of the key, or the root user's last console sign-in
 * @property {boolean} neverUsed the key is known never to have been used
 * @property {string} pwd
 * @property {string} mfa
 * @property {string | null} hay its search text, built once
 * @property {number} ord its place in the default order
 * @property {boolean} open whether its details are shown
 */

/**
 * A row of the CloudTrail table.
 * @typedef {{ a: number, cells: JsonCell[], hay: string | null, open: boolean }} EventRow
 */

/**
 * A row of the not-audited accounts table.
 * @typedef {{ a: number, cells: JsonCell[], open: boolean }} AccountRow
 */

/**
 * A sortable column.
 * @template R
 * @typedef {object} TableColumn
 * @property {string} key
 * @property {string} label
 * @property {boolean} [num] right-aligned numbers
 * @property {boolean} [desc] sorts descending first
 * @property {boolean} [plain] sorts by code points, not by the language's collation
 * @property {(r: R) => string | number | null} value what it sorts by
 * @property {(td: HTMLTableCellElement, r: R) => void} cell fills a cell
 */

/**
 * A table's rows and behaviour.
 * @template {{ open: boolean }} R
 * @typedef {object} TableOptions
 * @property {string} id
 * @property {R[]} rows
 * @property {{ key: string, dir: "asc" | "desc" }} sort
 * @property {string} empty
 * @property {TableColumn<R>[]} columns
 * @property {(x: R, y: R) => number} tie the order of rows a column ranks equal
 * @property {(r: R) => boolean} [match] the filters
 * @property {(r: R) => [string, string][]} [details] every column of a row
 */

(() => {
  "use strict";
  /** @type {ClientMeta} */
  const meta = JSON.parse(byId("report-meta").textContent || "{}");
  const T = meta.labels;
  const FIND = meta.findings;
  /** @type {Record<Severity, number>} */
  const RANK = { critical: 4, high: 3, medium: 2, low: 1 };
  const collator = new Intl.Collator(meta.locale, { numeric: true, sensitivity: "base" });
  const nf = new Intl.NumberFormat(meta.locale);
  const PAGE = 100;
  const IC = index(meta.columns.iam), EC = index(meta.columns.events), AC = index(meta.columns.account);
  const CC = index(meta.columns.credentials);

  /**
   * @param {string} id
   * @returns {HTMLElement}
   */
  function byId(id) {
    return /** @type {HTMLElement} */ (document.getElementById(id));
  }
  /**
   * @param {readonly string[]} cols
   * @returns {Record<string, number>}
   */
  function index(cols) {
    /** @type {Record<string, number>} */
    const o = {};
    for (let i = 0; i < cols.length; i++) o[cols[i]] = i;
    return o;
  }
  /**
   * A cell as text: an absent value is empty, a list is joined as in the CSV.
   * @param {JsonCell | undefined} v
   * @returns {string}
   */
  function str(v) {
    if (v === undefined || v === null) return "";
    if (typeof v === "object") return v.join(meta.listSeparator);
    return String(v);
  }
  /**
   * @param {JsonCell | undefined} v a `findings` cell
   * @returns {readonly FindingCode[]}
   */
  function codesOf(v) {
    return typeof v === "object" && v !== null ? /** @type {readonly FindingCode[]} */ (v) : [];
  }
  /**
   * Shows an ISO 8601 instant to the minute; the exact value stays in the tooltip and the details.
   * @param {HTMLTableCellElement} td
   * @param {string} iso an instant as the cells give it, or empty
   */
  function showDate(td, iso) {
    td.textContent = iso === "" ? "" : iso.slice(0, 10) + " " + iso.slice(11, 16);
    if (iso !== "") td.title = iso;
  }
  /**
   * @param {string} template a label with `{name}` places
   * @param {Record<string, string>} vars
   * @returns {string}
   */
  function fill(template, vars) {
    return template.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
  }
  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {string} [cls]
   * @param {string | number | null} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /**
   * @param {string} k
   * @param {string} v
   * @returns {[string, string]} a value and its text, or a column and its value
   */
  function pair(k, v) {
    return [k, v];
  }
  /**
   * @param {string} p
   * @param {string} q
   * @returns {number}
   */
  function plain(p, q) {
    return p < q ? -1 : p > q ? 1 : 0;
  }

  // ---- data: one JSON block per account, written as the audit went.
  /** @type {Account[]} */
  const accounts = [];
  /** @type {FindingRow[]} */
  const rows = [];
  /** @type {EventRow[]} */
  const events = [];
  const blocks = document.querySelectorAll("script[data-account]");
  for (let b = 0; b < blocks.length; b++) {
    /** @type {AccountBlock} */
    const block = JSON.parse(blocks[b].textContent || "{}");
    const cells = block.account;
    const id = str(cells[AC.account_id]), name = str(cells[AC.account_name]);
    const ai = accounts.length;
    accounts.push({ id: id, name: name, label: name + " (" + id + ")", cells: cells, rank: 0 });
    const rootCodes = codesOf(cells[AC.findings]);
    if (rootCodes.length > 0) rows.push(rootRow(ai, cells, rootCodes));
    const first = rows.length;
    block.iam.forEach((v) => {
      if (v[IC.user_arn] === meta.defaultArn) {
        v[IC.user_arn] = "arn:aws:iam::" + id + ":user/" + str(v[IC.username]);
      }
      rows.push(iamRow(ai, v));
    });
    block.neverUsed.forEach((i) => {
      rows[first + i].neverUsed = true;
    });
    block.credentials.forEach((v) => {
      rows.push(credentialRow(ai, v));
    });
    block.events.forEach((v) => {
      events.push({ a: ai, cells: v, hay: null, open: false });
    });
  }

  /**
   * @param {number} ai
   * @param {JsonCell[]} cells
   * @param {readonly FindingCode[]} codes
   * @returns {FindingRow}
   */
  function findingRow(ai, cells, codes) {
    /** @type {FindingRow} */
    const r = {
      a: ai,
      root: false,
      credential: false,
      kind: "",
      cells: cells,
      codes: codes,
      score: 0,
      worst: null,
      user: "",
      key: "",
      status: "",
      age: null,
      last: "",
      neverUsed: false,
      pwd: "",
      mfa: "",
      hay: null,
      ord: 0,
      open: false,
    };
    codes.forEach((code) => {
      const s = FIND[code].severity;
      r.score += meta.weights[s];
      if (r.worst === null || RANK[s] > RANK[r.worst]) r.worst = s;
    });
    return r;
  }
  /**
   * @param {number} ai
   * @param {JsonCell[]} cells the account's row
   * @param {readonly FindingCode[]} codes
   * @returns {FindingRow}
   */
  function rootRow(ai, cells, codes) {
    const r = findingRow(ai, cells, codes);
    r.root = true;
    r.user = T.root;
    r.last = str(cells[AC.root_last_console_login]);
    r.mfa = str(cells[AC.root_mfa]);
    return r;
  }
  /**
   * @param {number} ai
   * @param {JsonCell[]} cells an IAM row
   * @returns {FindingRow}
   */
  function iamRow(ai, cells) {
    const r = findingRow(ai, cells, codesOf(cells[IC.findings]));
    r.user = str(cells[IC.username]);
    r.key = str(cells[IC.access_key_id]);
    r.status = str(cells[IC.status]);
    const age = cells[IC.key_age_days];
    r.age = typeof age === "number" ? age : null;
    r.last = str(cells[IC.last_used_date]);
    r.pwd = str(cells[IC.password_status]);
    r.mfa = str(cells[IC.mfa_status]);
    return r;
  }

  /**
   * @param {number} ai
   * @param {JsonCell[]} cells a row of the credentials report
   * @returns {FindingRow}
   */
  function credentialRow(ai, cells) {
    const r = findingRow(ai, cells, codesOf(cells[CC.findings]));
    r.credential = true;
    r.kind = str(cells[CC.credential_type]);
    r.user = str(cells[CC.username]);
    r.key = str(cells[CC.credential_id]);
    r.status = str(cells[CC.status]);
    const age = cells[CC.age_days];
    r.age = typeof age === "number" ? age : null;
    return r;
  }

  // The order ties fall back to: accounts by name, then root first, then user and key. Computed once
  // with cheap comparisons so that the first render of 100,000 rows stays quick.
  accounts.map((_, i) => i).sort(byName).forEach((ai, rank) => {
    accounts[ai].rank = rank;
  });
  rows.sort((x, y) =>
    (accounts[x.a].rank - accounts[y.a].rank) || ((y.root ? 1 : 0) - (x.root ? 1 : 0)) ||
    plain(x.user.toLowerCase(), y.user.toLowerCase()) || plain(x.key, y.key)
  );
  rows.forEach((r, i) => {
    r.ord = i;
  });

  /**
   * Accounts (by index) in the order of their names.
   * @param {number} x
   * @param {number} y
   * @returns {number}
   */
  function byName(x, y) {
    return collator.compare(accounts[x].name, accounts[y].name) ||
      collator.compare(accounts[x].id, accounts[y].id);
  }
  /**
   * @param {{ a: number, cells: JsonCell[] }} r
   * @returns {string} the account and every cell, lower case, for the text search
   */
  function searchText(r) {
    return (accounts[r.a].label + "\n" + r.cells.map(str).join("\n")).toLowerCase();
  }
  /**
   * @param {FindingRow} r
   * @returns {string}
   */
  function haystack(r) {
    if (r.hay === null) r.hay = searchText(r);
    return r.hay;
  }

  // ---- a sortable, filterable table rendered one page at a time.
  /**
   * @template {{ open: boolean }} R
   * @param {HTMLElement} host
   * @param {TableOptions<R>} opts
   * @returns {{ refilter: () => void }}
   */
  function makeTable(host, opts) {
    const state = {
      key: opts.sort.key,
      dir: opts.sort.dir,
      page: 0,
      sorted: opts.rows.slice(),
      /** @type {R[]} */
      shown: [],
    };
    const wrap = el("div", "table-wrap");
    const table = el("table", "data");
    table.id = opts.id;
    const thead = el("thead"), tr = el("tr"), tbody = el("tbody");
    /** @type {Record<string, HTMLTableCellElement>} */
    const ths = {};
    opts.columns.forEach((col) => {
      const th = el("th", col.num ? "num" : "");
      th.setAttribute("data-sort", col.key);
      const button = el("button", "", col.label);
      button.type = "button";
      button.addEventListener("click", () => {
        if (state.key === col.key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else {
          state.key = col.key;
          state.dir = col.desc ? "desc" : "asc";
        }
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
    const pager = el("div", "pager");
    const first = el("button", "", T.first), prev = el("button", "", T.prev);
    const next = el("button", "", T.next), last = el("button", "", T.last);
    const count = el("span", "count");
    count.id = opts.id + "-count";
    [first, prev, next, last].forEach((button) => {
      button.type = "button";
    });
    [first, prev, count, next, last].forEach((x) => {
      pager.appendChild(x);
    });
    first.addEventListener("click", () => {
      go(0);
    });
    prev.addEventListener("click", () => {
      go(state.page - 1);
    });
    next.addEventListener("click", () => {
      go(state.page + 1);
    });
    last.addEventListener("click", () => {
      go(Infinity);
    });
    host.appendChild(wrap);
    host.appendChild(pager);

    /** @param {number} page */
    function go(page) {
      const pages = Math.max(1, Math.ceil(state.shown.length / PAGE));
      state.page = Math.max(0, Math.min(pages - 1, page));
      render();
    }
    /**
     * Empty values last whatever the direction; ties by the table's own order.
     * @param {TableColumn<R>} col
     * @param {"asc" | "desc"} dir
     * @returns {(x: R, y: R) => number}
     */
    function compare(col, dir) {
      const sign = dir === "desc" ? -1 : 1;
      return (x, y) => {
        const p = col.value(x), q = col.value(y);
        let c = 0;
        const pe = p === null || p === "", qe = q === null || q === "";
        if (pe || qe) c = pe && qe ? 0 : pe ? 1 : -1;
        else if (typeof p === "number" && typeof q === "number") c = sign * (p - q);
        else c = sign * (col.plain ? plain(String(p), String(q)) : collator.compare(String(p), String(q)));
        return c || opts.tie(x, y);
      };
    }
    function resort() {
      const col = opts.columns.filter((c) => c.key === state.key)[0];
      state.sorted.sort(compare(col, state.dir));
      for (const k in ths) {
        ths[k].setAttribute(
          "aria-sort",
          k === state.key ? (state.dir === "asc" ? "ascending" : "descending") : "none",
        );
      }
      refilter(true);
    }
    /** @param {boolean} keepPage */
    function refilter(keepPage) {
      const match = opts.match;
      state.shown = match ? state.sorted.filter(match) : state.sorted;
      go(keepPage ? state.page : 0);
    }
    function render() {
      const frag = document.createDocumentFragment();
      const start = state.page * PAGE;
      const slice = state.shown.slice(start, start + PAGE);
      slice.forEach((r) => {
        const row = el("tr", "row");
        opts.columns.forEach((col) => {
          const td = el("td", col.num ? "num" : "");
          td.setAttribute("data-col", col.key);
          col.cell(td, r);
          row.appendChild(td);
        });
        row.addEventListener("click", (ev) => {
          // Selecting text in a row is not a click on it.
          const selection = document.getSelection();
          if (selection && String(selection) !== "") return;
          if (ev.target instanceof HTMLButtonElement) return;
          r.open = !r.open;
          render();
        });
        frag.appendChild(row);
        if (r.open && opts.details) {
          const dtr = el("tr", "details"), td = el("td");
          td.colSpan = opts.columns.length;
          const dl = el("dl", "kv");
          opts.details(r).forEach((pair) => {
            dl.appendChild(el("dt", "", pair[0]));
            dl.appendChild(el("dd", "mono", pair[1]));
          });
          td.appendChild(dl);
          dtr.appendChild(td);
          frag.appendChild(dtr);
        }
      });
      if (slice.length === 0) {
        const empty = el("tr"), etd = el("td", "empty", opts.empty);
        etd.colSpan = opts.columns.length;
        empty.appendChild(etd);
        frag.appendChild(empty);
      }
      tbody.textContent = "";
      tbody.appendChild(frag);
      const total = state.shown.length;
      count.setAttribute("data-count", String(total));
      count.textContent = total === 0 ? T.none : fill(T.showing, {
        from: nf.format(start + 1),
        to: nf.format(start + slice.length),
        total: nf.format(total),
      });
      const pages = Math.max(1, Math.ceil(total / PAGE));
      first.disabled = prev.disabled = state.page === 0;
      next.disabled = last.disabled = state.page >= pages - 1;
    }
    resort();
    return {
      refilter: () => {
        refilter(false);
      },
    };
  }

  /**
   * @param {string} label
   * @param {HTMLElement} input
   * @returns {HTMLLabelElement}
   */
  function control(label, input) {
    const l = el("label", "", label);
    l.appendChild(input);
    return l;
  }
  /**
   * @param {string} id
   * @param {[string, string, string?][]} options value, text and tooltip of each option
   * @returns {HTMLSelectElement}
   */
  function select(id, options) {
    const s = el("select");
    s.id = id;
    options.forEach((o) => {
      const opt = el("option", "", o[1]);
      opt.value = o[0];
      if (o[2]) opt.title = o[2];
      s.appendChild(opt);
    });
    return s;
  }
  /**
   * @param {string} id
   * @returns {HTMLInputElement}
   */
  function search(id) {
    const i = el("input");
    i.id = id;
    i.type = "search";
    i.placeholder = T.searchPlaceholder;
    i.autocomplete = "off";
    return i;
  }
  /**
   * @param {() => void} fn
   * @returns {() => void} `fn`, run once typing pauses
   */
  function debounce(fn) {
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let t;
    return () => {
      clearTimeout(t);
      t = setTimeout(fn, 150);
    };
  }
  /**
   * @param {number[]} list indexes of accounts
   * @returns {[string, string][]}
   */
  function accountOptions(list) {
    /** @type {[string, string][]} */
    const all = [["", T.allAccounts]];
    return all.concat(
      list.slice().sort(byName).map((i) => pair(String(i), accounts[i].label)),
    );
  }
  /**
   * @param {HTMLTableCellElement} td
   * @param {{ a: number }} r
   */
  function accountCell(td, r) {
    td.appendChild(document.createTextNode(accounts[r.a].name));
    td.appendChild(el("span", "sub mono", accounts[r.a].id));
  }
  /**
   * @param {{ a: number }} x
   * @param {{ a: number }} y
   * @returns {number}
   */
  function byAccountName(x, y) {
    return accounts[x.a].rank - accounts[y.a].rank;
  }
  /**
   * @param {{ a: number }} r
   * @returns {number}
   */
  function accountRank(r) {
    return accounts[r.a].rank;
  }
  /**
   * Every column of an account's row.
   * @param {{ cells: JsonCell[] }} r
   * @returns {[string, string][]}
   */
  function accountDetails(r) {
    return meta.columns.account.map((c, i) => pair(c, str(r.cells[i])));
  }

  // ---- findings
  /** @type {HTMLSelectElement | null} */
  let fAccount = null;
  /** @type {HTMLSelectElement | null} */
  let fFinding = null;
  /** @type {{ refilter: () => void } | null} */
  let findingsTable = null;
  const findingsHost = document.getElementById("findings-host");
  if (findingsHost) findingsTable = makeFindingsTable(findingsHost);

  /**
   * @param {HTMLElement} host
   * @returns {{ refilter: () => void }}
   */
  function makeFindingsTable(host) {
    /** @type {Record<string, number>} */
    const rowsWith = {};
    rows.forEach((r) => {
      r.codes.forEach((c) => {
        rowsWith[c] = (rowsWith[c] || 0) + 1;
      });
    });
    /** @type {[string, string, string?][]} */
    const codeOptions = Object.keys(FIND).map((key) => {
      const c = /** @type {FindingCode} */ (key);
      /** @type {[string, string, string]} */
      const option = [c, c + " · " + nf.format(rowsWith[c] || 0), FIND[c].text];
      return option;
    });
    const account = fAccount = select(
      "f-account",
      accountOptions(accounts.map((_, i) => i)),
    );
    /** @type {[string, string, string?][]} */
    const fixed = [["", T.allRows], ["*", T.anyFinding], ["-", T.noFinding]];
    const finding = fFinding = select("f-finding", fixed.concat(codeOptions));
    const text = search("f-text");
    const controls = el("div", "controls");
    controls.appendChild(control(T.account, account));
    controls.appendChild(control(T.finding, finding));
    controls.appendChild(control(T.search, text));
    host.appendChild(controls);
    const iamAll = meta.columns.allIam;
    /** @type {TableColumn<FindingRow>[]} */
    const columns = [
      {
        key: "risk",
        label: T.risk,
        num: true,
        desc: true,
        value: (r) => r.score,
        cell: (td, r) => {
          td.appendChild(el("span", "risk" + (r.worst ? " sev-" + r.worst : ""), r.score));
        },
      },
      { key: "account", label: T.account, value: accountRank, cell: accountCell },
      {
        key: "user",
        label: T.user,
        value: (r) => r.user,
        cell: (td, r) => {
          td.textContent = r.user;
          if (r.root) td.className = "root-user";
          else td.title = str(r.cells[r.credential ? CC.user_arn : IC.user_arn]);
        },
      },
      {
        key: "key",
        label: T.accessKey,
        plain: true,
        value: (r) => r.key,
        cell: (td, r) => {
          td.textContent = r.key;
          td.className = "mono nowrap";
          if (r.credential) td.title = r.kind;
        },
      },
      {
        key: "status",
        label: T.status,
        value: (r) => r.status,
        cell: (td, r) => {
          td.textContent = r.status;
        },
      },
      {
        key: "age",
        label: T.age,
        num: true,
        desc: true,
        value: (r) => r.age,
        cell: (td, r) => {
          td.textContent = r.age === null ? "" : nf.format(r.age);
          if (r.age !== null && r.age > meta.maxKeyAgeDays) td.className = "num old";
        },
      },
      {
        key: "last",
        label: T.lastUsed,
        desc: true,
        plain: true,
        value: (r) => r.last,
        cell: (td, r) => {
          if (r.neverUsed) {
            td.textContent = r.last;
            td.className = "never";
          } else {
            showDate(td, r.last);
            td.className = "nowrap";
          }
        },
      },
      {
        key: "password",
        label: T.password,
        value: (r) => r.pwd,
        cell: (td, r) => {
          td.textContent = r.pwd;
        },
      },
      {
        key: "mfa",
        label: T.mfa,
        value: (r) => r.mfa,
        cell: (td, r) => {
          td.textContent = r.mfa;
          if (r.mfa === "None") td.className = "bad";
        },
      },
      {
        key: "findings",
        label: T.findings,
        desc: true,
        value: (r) => r.codes.length,
        cell: (td, r) => {
          r.codes.forEach((c) => {
            const chip = el("span", "chip sev-" + FIND[c].severity, c);
            chip.title = FIND[c].text + " (" + FIND[c].cis + ")";
            td.appendChild(chip);
          });
        },
      },
    ];
    const table = makeTable(host, {
      id: "findings-table",
      rows: rows,
      sort: { key: "risk", dir: "desc" },
      empty: T.none,
      columns: columns,
      tie: (x, y) => (y.score - x.score) || (y.codes.length - x.codes.length) || (x.ord - y.ord),
      match: (r) => {
        if (account.value !== "" && String(r.a) !== account.value) return false;
        const f = finding.value;
        if (f === "*" && r.codes.length === 0) return false;
        if (f === "-" && r.codes.length > 0) return false;
        if (f !== "" && f !== "*" && f !== "-" && r.codes.indexOf(/** @type {FindingCode} */ (f)) === -1) {
          return false;
        }
        const q = text.value.trim().toLowerCase();
        return q === "" || haystack(r).indexOf(q) !== -1;
      },
      details: (r) => {
        if (r.root) return accountDetails(r);
        const a = accounts[r.a];
        if (r.credential) {
          return meta.columns.allCredentials.map((c) =>
            pair(c, c === "account_id" ? a.id : c === "account_name" ? a.name : str(r.cells[CC[c]]))
          );
        }
        return iamAll.map((c) =>
          pair(c, c === "account_id" ? a.id : c === "account_name" ? a.name : str(r.cells[IC[c]]))
        );
      },
    });
    account.addEventListener("change", table.refilter);
    finding.addEventListener("change", table.refilter);
    text.addEventListener("input", debounce(table.refilter));
    return table;
  }

  // Legend codes and chart bars act as shortcuts to the table's filters.
  function focusFindings() {
    if (findingsHost) findingsHost.scrollIntoView({ behavior: "smooth", block: "start" });
  }
  document.querySelectorAll("button.chip[data-code]").forEach((chip) => {
    chip.addEventListener("click", () => {
      if (!fFinding || !findingsTable) return;
      fFinding.value = chip.getAttribute("data-code") || "";
      findingsTable.refilter();
      focusFindings();
    });
  });
  document.querySelectorAll(".acct-bar[data-account]").forEach((bar) => {
    bar.addEventListener("click", () => {
      if (!fAccount || !findingsTable) return;
      const id = bar.getAttribute("data-account");
      for (let i = 0; i < accounts.length; i++) if (accounts[i].id === id) fAccount.value = String(i);
      findingsTable.refilter();
      focusFindings();
    });
  });

  // ---- accounts not audited
  const failedHost = document.getElementById("failed-host");
  if (failedHost) makeFailedTable(failedHost);

  /** @param {HTMLElement} host */
  function makeFailedTable(host) {
    /** @type {AccountRow[]} */
    const notAudited = [];
    accounts.forEach((acc, i) => {
      if (outcomeOf(acc.cells) !== "audited") notAudited.push({ a: i, cells: acc.cells, open: false });
    });
    if (notAudited.length === 0) {
      host.appendChild(el("p", "empty", T.noneFailed));
      return;
    }
    /** @type {Record<AuditOutcome, number>} */
    const resultRank = { failed: 0, interrupted: 1, skipped: 2, audited: 3 };
    /**
     * @param {AccountRow} r
     * @param {string} column
     * @returns {string}
     */
    const textOf = (r, column) => str(r.cells[AC[column]]);
    makeTable(host, {
      id: "failed-table",
      rows: notAudited,
      sort: { key: "result", dir: "asc" },
      empty: T.none,
      columns: [
        {
          key: "account",
          label: T.account,
          value: accountRank,
          cell: (td, r) => {
            td.textContent = accounts[r.a].name;
          },
        },
        {
          key: "id",
          label: T.accountId,
          value: (r) => accounts[r.a].id,
          cell: (td, r) => {
            td.textContent = accounts[r.a].id;
            td.className = "mono";
          },
        },
        {
          key: "state",
          label: T.accountState,
          value: (r) => textOf(r, "account_state"),
          cell: (td, r) => {
            td.textContent = textOf(r, "account_state");
          },
        },
        {
          key: "result",
          label: T.result,
          value: (r) => resultRank[outcomeOf(r.cells)],
          cell: (td, r) => {
            const k = outcomeOf(r.cells);
            td.textContent = T[k];
            if (k === "failed") td.className = "bad";
          },
        },
        {
          key: "reason",
          label: T.reason,
          value: (r) => textOf(r, "reason"),
          cell: (td, r) => {
            td.textContent = textOf(r, "reason");
          },
        },
      ],
      tie: byAccountName,
      details: accountDetails,
    });
  }
  /**
   * @param {JsonCell[]} cells an account's row
   * @returns {AuditOutcome}
   */
  function outcomeOf(cells) {
    return /** @type {AuditOutcome} */ (cells[AC.audit_result]);
  }

  // ---- CloudTrail timeline
  const eventsHost = document.getElementById("events-host");
  if (eventsHost) {
    if (events.length === 0) eventsHost.appendChild(el("p", "empty", T.noEvents));
    else makeEventsTable(eventsHost);
  }

  /** @param {HTMLElement} host */
  function makeEventsTable(host) {
    /**
     * @param {EventRow} r
     * @param {string} column
     * @returns {string}
     */
    const field = (r, column) => str(r.cells[EC[column]]);
    /** @type {Record<string, number>} */
    const names = {};
    /** @type {number[]} */
    const withEvents = [];
    /** @type {Record<number, boolean>} */
    const seen = {};
    events.forEach((ev) => {
      const n = field(ev, "eventName");
      names[n] = (names[n] || 0) + 1;
      if (!seen[ev.a]) {
        seen[ev.a] = true;
        withEvents.push(ev.a);
      }
    });
    const account = select("f-ev-account", accountOptions(withEvents));
    /** @type {[string, string][]} */
    const allEvents = [["", T.allEvents]];
    const name = select(
      "f-ev-name",
      allEvents.concat(
        Object.keys(names).sort().map((n) => pair(n, n + " · " + nf.format(names[n]))),
      ),
    );
    const text = search("f-ev-text");
    const controls = el("div", "controls");
    controls.appendChild(control(T.account, account));
    controls.appendChild(control(T.event, name));
    controls.appendChild(control(T.search, text));
    host.appendChild(controls);
    /**
     * @param {string} key
     * @param {string} label
     * @param {string} column
     * @param {string} [cls]
     * @returns {TableColumn<EventRow>}
     */
    const textColumn = (key, label, column, cls) => {
      return {
        key: key,
        label: label,
        value: (r) => field(r, column),
        cell: (td, r) => {
          td.textContent = field(r, column);
          if (cls) td.className = cls;
        },
      };
    };
    const table = makeTable(host, {
      id: "events-table",
      rows: events,
      sort: { key: "time", dir: "desc" },
      empty: T.none,
      columns: [
        {
          key: "time",
          label: T.time,
          desc: true,
          plain: true,
          value: (r) => field(r, "eventTime"),
          cell: (td, r) => {
            showDate(td, field(r, "eventTime"));
            td.className = "mono nowrap";
          },
        },
        textColumn("event", T.event, "eventName"),
        textColumn("user", T.user, "username"),
        { key: "account", label: T.account, value: accountRank, cell: accountCell },
        textColumn("resources", T.resources, "resources"),
        textColumn("ip", T.sourceIp, "source_ip", "mono"),
        textColumn("agent", T.userAgent, "user_agent"),
        textColumn("error", T.errorCode, "error_code", "bad"),
        textColumn("region", T.region, "aws_region"),
        textColumn("id", T.eventId, "event_id", "mono"),
      ],
      tie: (x, y) => plain(field(y, "eventTime"), field(x, "eventTime")) || byAccountName(x, y),
      match: (r) => {
        if (account.value !== "" && String(r.a) !== account.value) return false;
        if (name.value !== "" && field(r, "eventName") !== name.value) return false;
        const q = text.value.trim().toLowerCase();
        if (q === "") return true;
        if (r.hay === null) r.hay = searchText(r);
        return r.hay.indexOf(q) !== -1;
      },
      details: (r) => {
        /** @type {Record<string, string>} */
        const values = {};
        meta.columns.events.forEach((c, i) => {
          values[c] = str(r.cells[i]);
        });
        values.account_id = accounts[r.a].id;
        values.account_name = accounts[r.a].name;
        return meta.columns.allEvents.map((c) => pair(c, values[c]));
      },
    });
    account.addEventListener("change", table.refilter);
    name.addEventListener("change", table.refilter);
    text.addEventListener("input", debounce(table.refilter));
  }

  // Build the search text of every row in the background, so the first search is as quick as the next.
  let pending = 0;
  (function warm() {
    const end = Math.min(rows.length, pending + 5000);
    for (; pending < end; pending++) haystack(rows[pending]);
    if (pending < rows.length) setTimeout(warm, 0);
  })();
  document.documentElement.setAttribute("data-ready", "true");
})();
