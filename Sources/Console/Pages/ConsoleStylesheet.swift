/// The console's one stylesheet: readable at 360 px, focus always visible, colours that keep their contrast.
enum ConsoleStylesheet {
    static let text = """
    *{box-sizing:border-box}
    body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#16191f;background:#f2f3f3}
    a{color:#0b5cad}
    a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #ff9900;outline-offset:2px}
    .skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
    .bar{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;padding:8px 16px;background:#232f3e;color:#fff}
    .bar a{color:#fff}.brand{font-weight:700;text-decoration:none;font-size:1.1em}
    .bar nav{display:flex;gap:16px;flex:1}
    .who{display:flex;gap:12px;align-items:center;flex-wrap:wrap;font-size:.875em;overflow-wrap:anywhere}
    .who form{margin:0}
    main{max-width:1100px;margin:0 auto;padding:16px}
    p,li,dd,label,legend,h1,h2,h3,h4,code{overflow-wrap:anywhere}
    h1{font-size:1.6em;margin:.4em 0}h2{font-size:1.25em;margin:1.2em 0 .4em}
    .heading{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px}
    .card{background:#fff;border:1px solid #d5dbdb;border-radius:8px;padding:16px;margin:12px 0}
    form.card{max-width:480px}
    label{display:block;font-weight:600;margin:12px 0 4px}
    .hint{font-weight:400;color:#545b64}
    input,select,textarea{width:100%;max-width:100%;padding:8px;border:1px solid #879596;border-radius:4px;font:inherit;background:#fff}
    button,.button{display:inline-block;padding:8px 16px;border:1px solid #545b64;border-radius:20px;background:#fff;color:#16191f;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
    .primary{background:#ec7211;border-color:#ec7211;color:#16191f}
    .danger{background:#d13212;border-color:#d13212;color:#fff}
    form.card button{margin-top:16px}
    .bar button{padding:2px 12px;background:transparent;color:#fff;border-color:#fff}
    .error{border-left:4px solid #d13212;background:#fdf3f1;padding:8px 12px;margin:12px 0}
    .notice{border-left:4px solid #1d8102;background:#f2f8f0;padding:8px 12px;margin:12px 0}
    .filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:12px 0}
    .filters label{margin:0}.filters div{flex:1;min-width:140px}
    .table{overflow-x:auto}
    table{border-collapse:collapse;width:100%;background:#fff}
    th,td{text-align:left;padding:8px;border-bottom:1px solid #eaeded;vertical-align:top;overflow-wrap:break-word}
    th{background:#fafafa}
    .status{font-weight:600}.status.good{color:#1d8102}.status.bad{color:#d13212}.status.busy{color:#0b5cad}
    .pages{display:flex;gap:16px;margin:12px 0}
    .crumbs{font-size:.875em;margin:8px 0}
    .tabs{display:flex;flex-wrap:wrap;gap:4px;border-bottom:2px solid #d5dbdb;margin:12px 0}
    .tabs a{padding:8px 12px;text-decoration:none;border-bottom:3px solid transparent;margin-bottom:-2px}
    .tabs a[aria-current=page]{border-bottom-color:#ec7211;font-weight:700;color:#16191f}
    fieldset{border:1px solid #d5dbdb;border-radius:8px;padding:8px 16px 16px;margin:16px 0;background:#fff}
    legend{font-weight:700;padding:0 4px}
    .choices{padding:8px}
    .choice{display:grid;grid-template-columns:auto 1fr;gap:0 8px;padding:8px;border-bottom:1px solid #eaeded}
    .choice input{width:auto;margin-top:6px}.choice label{margin:0}.choice p{grid-column:2;margin:4px 0}
    .pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}
    form.card.wide{max-width:720px}
    textarea{resize:vertical}
    .facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;background:#fff;padding:12px;border-radius:8px}
    .facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
    figure{margin:12px 0;overflow-x:auto}
    .diagram svg{max-width:none;height:auto}
    svg.chart{width:100%;max-width:600px;height:auto;background:#fff}
    .executions{list-style:none;padding:0;margin:0}.executions li{padding:2px 0}
    .executions a[aria-current=true]{font-weight:700}
    .check{display:flex;gap:8px;align-items:center}.check input{width:auto}.check label{margin:0}
    pre.log{background:#16191f;color:#f2f3f3;padding:12px;border-radius:6px;overflow:auto;max-height:420px;font-size:.85em;white-space:pre-wrap;overflow-wrap:anywhere}
    @media (max-width:600px){main{padding:8px}th,td{padding:6px}.table table{min-width:560px}}
    """
}
