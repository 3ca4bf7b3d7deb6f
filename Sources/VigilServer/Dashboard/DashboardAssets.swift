/// The dashboard's stylesheet and script, served by Vigil itself (no build step, no CDN).
enum DashboardAssets {
    static let css = """
        :root { --ink: #1b2430; --muted: #5b6675; --line: #d9dee5; --bg: #f4f6f9; --card: #fff; --brand: #0f2a4a; --accent: #c8102e;
          --ok: #1d7a46; --warn: #b26a00; --bad: #c8102e; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: #0b5cad; text-decoration: none; } a:hover { text-decoration: underline; }
        header.top { display: flex; align-items: center; gap: 24px; padding: 0 24px; height: 52px; background: var(--brand); color: #fff; }
        header.top a { color: #fff; } .brand { font-weight: 700; font-size: 16px; white-space: nowrap; }
        header nav { display: flex; gap: 4px; flex: 1; } header nav a { padding: 6px 12px; border-radius: 4px; opacity: .85; }
        header nav a.active, header nav a:hover { background: rgba(255,255,255,.14); opacity: 1; text-decoration: none; }
        .who { display: flex; align-items: center; gap: 10px; font-size: 13px; white-space: nowrap; }
        .who form { margin: 0; } .who button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.5); border-radius: 4px; padding: 2px 10px; cursor: pointer; }
        main { padding: 20px 24px 40px; max-width: 1400px; margin: 0 auto; }
        h1 { font-size: 20px; margin: 4px 0 16px; } h2 { font-size: 16px; margin: 20px 0 10px; } .card h2, .column h2 { margin-top: 0; }
        .grid { display: grid; gap: 16px; margin-bottom: 16px; } .cols-5 { grid-template-columns: repeat(5, 1fr); } .cols-2 { grid-template-columns: 3fr 2fr; } .cols-3 { grid-template-columns: repeat(3, 1fr); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; }
        .stat .label { color: var(--muted); font-size: 13px; } .stat .value { font-size: 26px; font-weight: 700; margin: 2px 0; }
        .up { color: var(--bad); } .down { color: var(--ok); } .flat { color: var(--muted); }
        table { width: 100%; border-collapse: collapse; background: var(--card); } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; background: #fafbfc; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        code, .mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12.5px; word-break: break-all; }
        .pill { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; background: #e8edf3; color: var(--ink); white-space: nowrap; }
        .pill.issued { background: #e3efff; } .pill.acknowledged { background: #fff3d6; } .pill.reportedDone { background: #e6f6ea; } .pill.reopened { background: #ffe3e3; }
        .pill.verified, .pill.closed { background: #dff3e6; } .pill.withdrawn { background: #eee; color: var(--muted); }
        .overdue { color: var(--bad); font-weight: 700; } .soon { color: var(--warn); font-weight: 600; }
        .board { display: grid; grid-template-columns: repeat(6, minmax(180px, 1fr)); gap: 12px; align-items: start; }
        .column { background: #eaeef3; border-radius: 6px; padding: 8px; } .column h2 { font-size: 13px; display: flex; justify-content: space-between; }
        .ticket { display: block; background: var(--card); border: 1px solid var(--line); border-left: 4px solid #8aa4c2; border-radius: 4px; padding: 8px; margin-bottom: 8px; color: var(--ink); }
        .ticket:hover { text-decoration: none; border-color: #8aa4c2; } .ticket.is-overdue { border-left-color: var(--bad); background: #fff6f6; } .ticket.is-soon { border-left-color: var(--warn); }
        .ticket .no { font-weight: 700; } .ticket .meta { color: var(--muted); font-size: 12px; }
        form.inline { display: inline; } form.action { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0; }
        input, select, textarea { font: inherit; padding: 4px 8px; border: 1px solid #b8c1cc; border-radius: 4px; background: #fff; }
        button { font: inherit; padding: 4px 14px; border-radius: 4px; border: 1px solid #0b5cad; background: #0b5cad; color: #fff; cursor: pointer; }
        button.secondary { background: #fff; color: #0b5cad; } button.danger { background: var(--bad); border-color: var(--bad); }
        .filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 12px; }
        .muted { color: var(--muted); } .notice { padding: 10px 14px; border-radius: 6px; margin-bottom: 14px; }
        .notice.error { background: #fde8e8; border: 1px solid #f5b5b5; } .notice.ok { background: #e6f6ea; border: 1px solid #b5e0c2; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; } dl.facts dt { color: var(--muted); }
        .login { max-width: 360px; margin: 80px auto; } .login label { display: block; margin: 10px 0 4px; } .login input { width: 100%; }
        .login button { width: 100%; margin-top: 16px; padding: 8px; }
        svg text { font-family: inherit; } .chart { width: 100%; height: auto; }
        .report { background: #fff; border: 1px solid #dde3ea; border-radius: 6px; padding: 8px 24px 16px; margin-top: 12px; max-width: 980px; }
        .report h1 { text-align: center; } .report .subtitle { text-align: center; color: var(--muted); } .report h2 { border-left: 4px solid #c8102e; padding-left: 8px; }
        .report figure { text-align: center; margin: 12px 0; } .report figure .chart { width: min(100%, 620px); } .report figcaption { color: var(--muted); font-size: 12px; }
        .report tr.strong td { font-weight: 600; background: #f7f8fa; }
        .pager { margin-top: 12px; } footer { color: var(--muted); font-size: 12px; text-align: center; padding: 20px; }
        @media (max-width: 1000px) { .cols-5, .cols-3, .cols-2 { grid-template-columns: 1fr 1fr; } .board { grid-template-columns: 1fr 1fr; } }
        """

    static let js = """
        // Vigil dashboard: uploads a file to the collect path with the session's CSRF token, and asks before
        // actions that cannot be undone.
        document.addEventListener('DOMContentLoaded', function () {
          var csrf = document.querySelector('meta[name="csrf-token"]');
          var upload = document.getElementById('upload');
          if (upload && csrf) {
            upload.addEventListener('submit', function (event) {
              event.preventDefault();
              var file = upload.querySelector('input[type=file]').files[0];
              var out = document.getElementById('upload-result');
              if (!file) { out.textContent = upload.dataset.empty; return; }
              var params = new URLSearchParams({ format: upload.querySelector('select[name=format]').value, name: file.name });
              out.textContent = upload.dataset.busy;
              fetch('/upload?' + params.toString(), { method: 'POST', body: file, credentials: 'same-origin',
                headers: { 'X-CSRF-Token': csrf.content, 'Content-Type': 'application/octet-stream' } })
                .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
                .then(function (r) {
                  if (r.ok && r.body.batch) { window.location = '/batches/' + r.body.batch.id; }
                  else { out.textContent = (r.body.error && r.body.error.message) || upload.dataset.failed; }
                })
                .catch(function () { out.textContent = upload.dataset.failed; });
            });
          }
          document.querySelectorAll('form[data-confirm]').forEach(function (form) {
            form.addEventListener('submit', function (event) { if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); } });
          });
        });
        """
}
