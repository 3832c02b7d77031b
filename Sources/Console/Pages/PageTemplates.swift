/// The console's Mustache templates. `{{name}}` escapes what it inserts, so everything a template, tag, description
/// or log carries renders as text; no template uses the unescaped form.
enum PageTemplates {
    static let top = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Slipway</title>
    <link rel="stylesheet" href="/console/static/console.css">
    {{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/refreshSeconds}}
    </head>
    <body>
    <a class="skip" href="#main">Skip to content</a>
    <header class="bar">
    <a class="brand" href="/console/">Slipway</a>
    {{#signedIn}}
    <nav aria-label="Main"><a href="/console/projects">Projects</a></nav>
    <div class="who"><span>Signed in as {{principal}}</span>
    <form method="post" action="/console/sign-out"><input type="hidden" name="_csrf" value="{{csrf}}"><button type="submit">Sign out</button></form>
    </div>
    {{/signedIn}}
    </header>
    <main id="main">

    """

    static let bottom = """
    </main>
    </body>
    </html>

    """

    static let signIn = """
    {{> top}}
    <h1>Sign in to Slipway</h1>
    {{#message}}<p class="notice" role="status">{{message}}</p>{{/message}}
    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
    <form method="post" action="/console/sign-in" class="card">
    <input type="hidden" name="_csrf" value="{{formToken}}">
    <label for="access-key-id">Access key ID</label>
    <input id="access-key-id" name="access_key_id" autocomplete="username" spellcheck="false" required value="{{accessKeyID}}">
    <label for="secret-access-key">Secret access key</label>
    <input id="secret-access-key" name="secret_access_key" type="password" autocomplete="current-password" required>
    <label for="session-token">Session token <span class="hint">(temporary credentials only)</span></label>
    <input id="session-token" name="session_token" type="password" autocomplete="off">
    <button type="submit" class="primary">Sign in</button>
    </form>
    <p>Studio users: open the console from <code>aws sagemaker create-presigned-domain-url</code>.</p>
    {{> bottom}}
    """

    static let projects = """
    {{> top}}
    <div class="heading"><h1>Projects</h1><a class="button primary" href="/console/projects/create">Create project</a></div>
    {{#notice}}<p class="notice" role="status">{{notice}}</p>{{/notice}}
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    <form method="get" action="/console/projects" class="filters" role="search">
    <div><label for="name-filter">Filter by name</label><input id="name-filter" name="name" value="{{filter}}"></div>
    <div><label for="sort">Sort by</label><select id="sort" name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select></div>
    <button type="submit">Apply</button>
    </form>
    <div class="table">
    <table>
    <caption class="skip">Projects</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Template</th><th scope="col">Created</th><th scope="col">Created by</th></tr></thead>
    <tbody>
    {{#projects}}
    <tr><td><a href="/console/projects/{{name}}">{{name}}</a></td><td><span class="status {{tone}}">{{status}}</span></td><td>{{template}}</td><td><time datetime="{{createdISO}}">{{created}}</time></td><td>{{createdBy}}</td></tr>
    {{/projects}}
    {{^projects}}
    <tr><td colspan="5">{{empty}}</td></tr>
    {{/projects}}
    </tbody>
    </table>
    </div>
    <div class="pages">{{#previous}}<a href="{{previous}}">First page</a>{{/previous}}{{#next}}<a href="{{next}}">Next page</a>{{/next}}</div>
    {{> bottom}}
    """

    static let message = """
    {{> top}}
    <h1>{{heading}}</h1>
    <div class="error" role="alert"><p>{{text}}</p></div>
    <p><a href="{{back}}">{{backLabel}}</a></p>
    {{> bottom}}
    """

    /// Every template by the name pages render it with.
    static let all: [String: String] = ["top": top, "bottom": bottom, "sign-in": signIn, "projects": projects, "message": message]
}
