/// The console's Mustache templates. `{{name}}` escapes what it inserts, so everything a template, tag, description
/// or log carries renders as text; the unescaped insertions (`{{{chart}}}`, `{{{diagram}}}`, `{{{timeline}}}`) are SVG the console
/// draws itself from escaped parts.
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
    <nav aria-label="Main"><a href="/console/projects">Projects</a>{{#administers}} <a href="/console/admin">Administration</a>{{/administers}}</nav>
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

    static let chooseTemplate = """
    {{> top}}
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/console/projects">Projects</a> <span aria-hidden="true">›</span> Create project</nav>
    <h1>Create project</h1>
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    {{#chooseDomain}}
    <form method="get" action="/console/projects/create" class="filters">
    <div><label for="domain">Domain</label><select id="domain" name="domain">{{#domains}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}} ({{id}})</option>{{/domains}}</select></div>
    <button type="submit">Show templates</button>
    </form>
    {{/chooseDomain}}
    {{#domain}}
    <nav class="tabs" aria-label="Template sources">
    <a href="/console/projects/create?domain={{domain}}&amp;tab=organization"{{#isOrganization}} aria-current="page"{{/isOrganization}}>Organization templates</a>
    <a href="/console/projects/create?domain={{domain}}&amp;tab=slipway"{{#isSlipway}} aria-current="page"{{/isSlipway}}>Slipway templates</a>
    </nav>
    {{#location}}<p class="hint">Templates the domain finds at <code>{{location}}</code>.</p>{{/location}}
    <form method="get" action="/console/projects/create/details">
    <input type="hidden" name="domain" value="{{domain}}"><input type="hidden" name="tab" value="{{tab}}">
    <fieldset class="choices"><legend>Choose a template</legend>
    {{#templates}}
    <div class="choice">
    <input type="radio" name="template" id="template-{{index}}" value="{{url}}"{{#reason}} disabled{{/reason}} required>
    <label for="template-{{index}}">{{name}}</label>
    {{#description}}<p>{{description}}</p>{{/description}}
    <p class="hint">{{#version}}Version {{version}} · {{/version}}Last modified {{modified}}</p>
    {{#reason}}<p class="error">This template cannot be used: {{reason}}</p>{{/reason}}
    </div>
    {{/templates}}
    {{^templates}}<p>{{empty}}</p>{{/templates}}
    </fieldset>
    <button type="submit" class="primary">Select project template</button>
    </form>
    {{#hasProblems}}
    <h2>Templates that cannot be shown</h2>
    <ul>{{#problems}}<li><code>{{key}}</code>: {{problem}}</li>{{/problems}}</ul>
    {{/hasProblems}}
    {{/domain}}
    {{> bottom}}
    """

    static let parameter = """
    <div class="field">
    <label for="{{id}}">{{label}}</label>
    {{#description}}<p class="hint" id="{{id}}-hint">{{description}}</p>{{/description}}
    {{#isSelect}}<select id="{{id}}" name="{{field}}"{{#description}} aria-describedby="{{id}}-hint"{{/description}}>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/options}}</select>{{/isSelect}}
    {{^isSelect}}<input id="{{id}}" name="{{field}}" type="{{inputType}}" value="{{value}}"{{#pattern}} pattern="{{pattern}}"{{/pattern}}{{#minLength}} minlength="{{minLength}}"{{/minLength}}{{#maxLength}} maxlength="{{maxLength}}"{{/maxLength}}{{#minValue}} min="{{minValue}}"{{/minValue}}{{#maxValue}} max="{{maxValue}}"{{/maxValue}}{{#isNumber}} step="any"{{/isNumber}}{{#required}} required{{/required}}{{#constraint}} title="{{constraint}}"{{/constraint}}{{#description}} aria-describedby="{{id}}-hint"{{/description}}{{#noEcho}} autocomplete="new-password"{{/noEcho}}>{{/isSelect}}
    {{#constraint}}<p class="hint">{{constraint}}</p>{{/constraint}}
    </div>
    """

    static let projectDetails = """
    {{> top}}
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/console/projects">Projects</a> <span aria-hidden="true">›</span> <a href="/console/projects/create?domain={{domain}}&amp;tab={{tab}}">Create project</a> <span aria-hidden="true">›</span> Project details</nav>
    <h1>Project details</h1>
    <p>Template <strong>{{templateName}}</strong>{{#version}}, version {{version}}{{/version}}</p>
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    <form method="post" action="/console/projects/create" class="card wide">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="domain" value="{{domain}}"><input type="hidden" name="tab" value="{{tab}}"><input type="hidden" name="template" value="{{templateURL}}">
    <div class="field"><label for="project-name">Name</label>
    <p class="hint" id="project-name-hint">Up to 32 letters, digits and hyphens, starting and ending with a letter or digit.</p>
    <input id="project-name" name="name" required maxlength="32" pattern="[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}" aria-describedby="project-name-hint" value="{{projectName}}"></div>
    <div class="field"><label for="project-description">Description</label>
    <textarea id="project-description" name="description" maxlength="1024" rows="3">{{projectDescription}}</textarea></div>
    <div class="field"><label for="launch-role">Launch role ARN</label>
    <p class="hint" id="launch-role-hint">Leave empty to launch with the account's AmazonSageMakerProjectsLaunchRole.</p>
    <input id="launch-role" name="role" aria-describedby="launch-role-hint" value="{{role}}"></div>
    <fieldset><legend>Tags</legend>
    {{#tags}}<div class="pair"><div><label for="tag-key-{{index}}">Key</label><input id="tag-key-{{index}}" name="tag_key" value="{{key}}"></div><div><label for="tag-value-{{index}}">Value</label><input id="tag-value-{{index}}" name="tag_value" value="{{value}}"></div></div>{{/tags}}
    </fieldset>
    {{#groups}}
    <fieldset><legend>{{label}}</legend>
    {{#parameters}}{{> parameter}}{{/parameters}}
    </fieldset>
    {{/groups}}
    <button type="submit" class="primary">Create project</button>
    </form>
    {{> bottom}}
    """

    static let project = """
    {{> top}}
    {{> project-header}}
    {{#statusMessage}}<div class="error" role="alert"><p>{{statusMessage}}</p></div>{{/statusMessage}}
    {{#settling}}<p class="hint">This page refreshes itself until the project's stack settles.</p>{{/settling}}
    <h2>Overview</h2>
    <dl class="facts">
    <dt>Description</dt><dd>{{description}}</dd>
    <dt>Project ID</dt><dd>{{id}}</dd>
    <dt>Template</dt><dd>{{templateName}}</dd>
    <dt>Created</dt><dd>{{created}}{{#createdBy}} by {{createdBy}}{{/createdBy}}</dd>
    <dt>Stack</dt><dd>{{stackName}}</dd>
    </dl>
    {{#sectionError}}<div class="error" role="alert"><p>{{sectionError}}</p></div>{{/sectionError}}
    <h2>Outputs</h2>
    <div class="table"><table><thead><tr><th scope="col">Key</th><th scope="col">Value</th><th scope="col">Description</th></tr></thead><tbody>
    {{#outputs}}<tr><td>{{key}}</td><td>{{value}}</td><td>{{description}}</td></tr>{{/outputs}}
    {{^outputs}}<tr><td colspan="3">No outputs.</td></tr>{{/outputs}}
    </tbody></table></div>
    <h2>Resources</h2>
    <div class="table"><table><thead><tr><th scope="col">Logical ID</th><th scope="col">Physical ID</th><th scope="col">Type</th><th scope="col">Status</th></tr></thead><tbody>
    {{#resources}}<tr><td>{{logical}}</td><td>{{#href}}<a href="{{href}}">{{physical}}</a>{{/href}}{{^href}}{{physical}}{{/href}}</td><td>{{type}}</td><td><span class="status {{tone}}">{{status}}</span></td></tr>{{/resources}}
    {{^resources}}<tr><td colspan="4">No resources.</td></tr>{{/resources}}
    </tbody></table></div>
    <h2>Stack events</h2>
    {{#timeline}}<figure>{{{timeline}}}</figure>{{/timeline}}
    <div class="table"><table><thead><tr><th scope="col">Time</th><th scope="col">Logical ID</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Reason</th></tr></thead><tbody>
    {{#events}}<tr><td><time datetime="{{iso}}">{{time}}</time></td><td>{{logical}}</td><td>{{type}}</td><td><span class="status {{tone}}">{{status}}</span></td><td>{{reason}}</td></tr>{{/events}}
    {{^events}}<tr><td colspan="5">No events yet.</td></tr>{{/events}}
    </tbody></table></div>
    <h2>Tags</h2>
    <div class="table"><table><thead><tr><th scope="col">Key</th><th scope="col">Value</th></tr></thead><tbody>
    {{#tags}}<tr><td>{{key}}</td><td>{{value}}</td></tr>{{/tags}}
    </tbody></table></div>
    {{> bottom}}
    """

    static let projectHeader = """
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/console/projects">Projects</a> <span aria-hidden="true">›</span> {{name}}</nav>
    <div class="heading"><h1>{{name}}</h1><span class="status {{tone}}" role="status">{{status}}</span></div>
    <nav class="tabs" aria-label="Project">{{#tabs}}<a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a>{{/tabs}}</nav>
    {{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    """

    static let settings = """
    {{> top}}
    {{> project-header}}
    <h2>Template</h2>
    <dl class="facts">
    <dt>Template</dt><dd>{{templateName}}</dd>
    <dt>Location</dt><dd><code>{{templateURL}}</code></dd>
    <dt>Version in use</dt><dd>{{version}}</dd>
    <dt>Latest version</dt><dd>{{latest}}</dd>
    </dl>
    {{#updateAvailable}}<p class="notice"><strong>Update available:</strong> the template has a newer version than the one this project runs.</p>
    <p><a class="button primary" href="{{base}}/update">Update</a></p>{{/updateAvailable}}
    {{^updateAvailable}}<p>The project runs the latest version of its template.</p>{{/updateAvailable}}
    {{#latestError}}<p class="error">{{latestError}}</p>{{/latestError}}
    <h2>Delete project</h2>
    <p>Deleting the project deletes its stack and everything the stack made.</p>
    <p><a class="button danger" href="{{base}}/delete">Delete</a></p>
    {{> bottom}}
    """

    static let updatePreview = """
    {{> top}}
    {{> project-header}}
    <h2>Update to the template's latest version</h2>
    <p>Nothing changes until you choose <strong>Update project</strong>. The update would make these changes to the project's stack{{#version}} (template version {{version}}){{/version}}:</p>
    <div class="table"><table><thead><tr><th scope="col">Action</th><th scope="col">Logical ID</th><th scope="col">Physical ID</th><th scope="col">Type</th><th scope="col">Replacement</th><th scope="col">Changed properties</th></tr></thead><tbody>
    {{#changes}}<tr><td>{{action}}</td><td>{{logical}}</td><td>{{physical}}</td><td>{{type}}</td><td>{{replacement}}</td><td>{{properties}}</td></tr>{{/changes}}
    {{^changes}}<tr><td colspan="6">No resource changes.</td></tr>{{/changes}}
    </tbody></table></div>
    {{#canUpdate}}
    <form method="post" action="{{base}}/update">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <p><button type="submit" class="primary">Update project</button> <a href="{{base}}/settings">Cancel</a></p>
    </form>
    {{/canUpdate}}
    {{> bottom}}
    """

    static let deleteConfirm = """
    {{> top}}
    {{> project-header}}
    <h2>Delete {{name}}?</h2>
    <p>Deleting the project deletes its stack and these resources it made:</p>
    <div class="table"><table><thead><tr><th scope="col">Logical ID</th><th scope="col">Physical ID</th><th scope="col">Type</th></tr></thead><tbody>
    {{#resources}}<tr><td>{{logical}}</td><td>{{physical}}</td><td>{{type}}</td></tr>{{/resources}}
    {{^resources}}<tr><td colspan="3">The stack holds no resources.</td></tr>{{/resources}}
    </tbody></table></div>
    <h3>Made outside the stack</h3>
    {{#hasOutside}}<p>These resources carry the project's id but were made outside its stack. They stay unless you also delete them:</p>
    <ul>{{#outside}}<li><code>{{arn}}</code> ({{type}})</li>{{/outside}}</ul>{{/hasOutside}}
    {{^hasOutside}}<p>No resource outside the stack carries the project's id.</p>{{/hasOutside}}
    <form method="post" action="{{base}}/delete" class="card">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#hasOutside}}<div class="check"><input type="checkbox" id="cascade" name="cascade" value="true"><label for="cascade">Also delete the resources made outside the stack</label></div>{{/hasOutside}}
    <button type="submit" class="danger">Delete project</button> <a href="{{base}}/settings">Cancel</a>
    </form>
    {{> bottom}}
    """

    static let modelGroups = """
    {{> top}}
    {{> project-header}}
    <h2>Model groups</h2>
    {{#groups}}
    <section class="card" aria-labelledby="group-{{index}}">
    <h3 id="group-{{index}}">{{name}}</h3>
    {{#description}}<p>{{description}}</p>{{/description}}
    {{#chart}}<figure><figcaption>{{chartTitle}}</figcaption>{{{chart}}}</figure>{{/chart}}
    <div class="table"><table><thead><tr><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Metrics</th><th scope="col">Created</th><th scope="col">Comment</th><th scope="col">Decision</th></tr></thead><tbody>
    {{#versions}}
    <tr><td>{{version}}</td><td><span class="status {{tone}}">{{status}}</span></td><td>{{metrics}}</td><td>{{created}}</td><td>{{comment}}</td>
    <td><form method="post" action="{{base}}/model-groups/decide" class="decide">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="package" value="{{arn}}">
    <label for="comment-{{id}}">Comment</label><textarea id="comment-{{id}}" name="comment" rows="2" maxlength="1024"></textarea>
    <button type="submit" name="decision" value="Approved" aria-label="Approve version {{version}}">Approve</button>
    <button type="submit" name="decision" value="Rejected" aria-label="Reject version {{version}}">Reject</button>
    </form></td></tr>
    {{/versions}}
    {{^versions}}<tr><td colspan="6">No versions registered yet.</td></tr>{{/versions}}
    </tbody></table></div>
    </section>
    {{/groups}}
    {{^groups}}<p>{{empty}}</p>{{/groups}}
    {{> bottom}}
    """

    static let pipelines = """
    {{> top}}
    {{> project-header}}
    <h2>Pipelines</h2>
    {{#pipelines}}
    <section class="card" aria-labelledby="pipeline-{{index}}">
    <h3 id="pipeline-{{index}}">{{name}}</h3>
    {{#description}}<p>{{description}}</p>{{/description}}
    <h4>Executions</h4>
    <ul class="executions">{{#executions}}<li><a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a> <span class="status {{tone}}">{{status}}</span> <span class="hint">{{started}}</span></li>{{/executions}}</ul>
    {{^executions}}<p>Not run yet.</p>{{/executions}}
    {{#chosen}}<p><strong>{{chosen}}</strong></p>{{/chosen}}
    <figure class="diagram">{{{diagram}}}</figure>
    <div class="table"><table><thead><tr><th scope="col">Step</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Ended</th><th scope="col">Job</th><th scope="col">Failure reason</th></tr></thead><tbody>
    {{#steps}}<tr><td>{{name}}</td><td><span class="status {{tone}}">{{status}}</span></td><td>{{started}}</td><td>{{ended}}</td><td>{{#jobHref}}<a href="{{jobHref}}">{{jobName}}</a>{{/jobHref}}{{^jobHref}}{{job}}{{/jobHref}}</td><td>{{reason}}</td></tr>{{/steps}}
    {{^steps}}<tr><td colspan="6">No step has run.</td></tr>{{/steps}}
    </tbody></table></div>
    </section>
    {{/pipelines}}
    {{^pipelines}}<p>{{empty}}</p>{{/pipelines}}
    {{> bottom}}
    """

    static let repositories = """
    {{> top}}
    {{> project-header}}
    <h2>Repositories</h2>
    {{#repositories}}
    <section class="card" aria-labelledby="repository-{{index}}">
    <h3 id="repository-{{index}}">{{name}}</h3>
    {{#description}}<p>{{description}}</p>{{/description}}
    <dl class="facts">
    <dt>Clone URL (HTTPS)</dt><dd><code>{{clone}}</code></dd>
    {{#branch}}<dt>Latest commit on {{branch}}</dt><dd><code>{{commit}}</code></dd>{{/branch}}
    </dl>
    <h4>Workflow runs</h4>
    <div class="table"><table><thead><tr><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Event</th><th scope="col">Ref</th><th scope="col">By</th><th scope="col">Started</th></tr></thead><tbody>
    {{#runs}}<tr><td><a href="{{href}}">{{label}}</a></td><td><span class="status {{tone}}">{{state}}</span></td><td>{{event}}</td><td>{{ref}}</td><td>{{actor}}</td><td>{{created}}</td></tr>{{/runs}}
    {{^runs}}<tr><td colspan="6">No workflow has run.</td></tr>{{/runs}}
    </tbody></table></div>
    </section>
    {{/repositories}}
    {{^repositories}}<p>{{empty}}</p>{{/repositories}}
    {{> bottom}}
    """

    static let workflowRun = """
    {{> top}}
    {{> project-header}}
    <h2>{{runTitle}} <span class="status {{runTone}}">{{runState}}</span></h2>
    <dl class="facts">
    <dt>Repository</dt><dd>{{repository}}</dd>
    <dt>Event</dt><dd>{{event}} on {{ref}}</dd>
    <dt>Commit</dt><dd><code>{{sha}}</code></dd>
    <dt>By</dt><dd>{{actor}}</dd>
    </dl>
    {{#failure}}<div class="error"><p>{{failure}}</p></div>{{/failure}}
    {{#waiting}}
    <form method="post" action="{{reviewAction}}" class="card">
    <h3>Review deployments</h3>
    <p>This run waits for a review of: {{waiting}}.</p>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <label for="review-comment">Comment</label><textarea id="review-comment" name="comment" rows="2" maxlength="1024"></textarea>
    <button type="submit" name="state" value="approved" class="primary">Approve and deploy</button>
    <button type="submit" name="state" value="rejected">Reject</button>
    </form>
    {{/waiting}}
    <h3>Jobs</h3>
    {{#jobs}}
    <section class="card" aria-labelledby="job-{{index}}">
    <h4 id="job-{{index}}">{{name}} <span class="status {{tone}}">{{state}}</span>{{#environment}} <span class="hint">environment {{environment}}</span>{{/environment}}</h4>
    {{#review}}<p>{{review}}</p>{{/review}}
    {{#failure}}<p class="error">{{failure}}</p>{{/failure}}
    {{#hasLog}}<pre class="log" tabindex="0" aria-label="Log of {{name}}">{{log}}</pre>{{/hasLog}}
    </section>
    {{/jobs}}
    {{> bottom}}
    """

    static let administration = """
    {{> top}}
    <h1>Administration</h1>
    <p><a href="/console/admin/audit">Audit trail</a></p>
    <h2>Template locations</h2>
    {{#domainsError}}<div class="error" role="alert"><p>{{domainsError}}</p></div>{{/domainsError}}
    {{#domains}}
    <section class="card" aria-label="Domain {{name}}">
    <h3>{{name}} <span class="hint">{{id}}</span></h3>
    {{#failure}}<p class="error">{{failure}}</p>{{/failure}}
    {{#location}}<p>Location <code>{{location}}</code>: {{usable}} usable template(s).</p>{{/location}}
    <ul>{{#problems}}<li><code>{{key}}</code>: {{problem}}</li>{{/problems}}</ul>
    </section>
    {{/domains}}
    {{^domains}}<p>No domain yet.</p>{{/domains}}
    <h2>Functions</h2>
    {{#functionsError}}<div class="error" role="alert"><p>{{functionsError}}</p></div>{{/functionsError}}
    <div class="table"><table><thead><tr><th scope="col">Function</th><th scope="col">Runtime</th><th scope="col">Handler</th><th scope="col">Last modified</th></tr></thead><tbody>
    {{#functions}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{runtime}}</td><td>{{handler}}</td><td>{{modified}}</td></tr>{{/functions}}
    {{^functions}}<tr><td colspan="4">No functions.</td></tr>{{/functions}}
    </tbody></table></div>
    <h2>Failed event deliveries</h2>
    {{#deliveriesError}}<div class="error" role="alert"><p>{{deliveriesError}}</p></div>{{/deliveriesError}}
    <div class="table"><table><thead><tr><th scope="col">Rule</th><th scope="col">Target</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Created</th></tr></thead><tbody>
    {{#deliveries}}<tr><td>{{rule}}</td><td>{{target}}</td><td>{{attempts}}</td><td>{{error}}</td><td>{{created}}</td></tr>{{/deliveries}}
    {{^deliveries}}<tr><td colspan="5">No delivery was given up on.</td></tr>{{/deliveries}}
    </tbody></table></div>
    {{> bottom}}
    """

    static let functionLog = """
    {{> top}}
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/console/admin">Administration</a> <span aria-hidden="true">›</span> {{name}}</nav>
    <h1>{{name}}</h1>
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    <h2>Log</h2>
    {{#log}}<pre class="log" tabindex="0" aria-label="Log of {{name}}">{{log}}</pre>{{/log}}
    {{^log}}<p>The function has written nothing yet.</p>{{/log}}
    {{> bottom}}
    """

    static let auditTrail = """
    {{> top}}
    <nav class="crumbs" aria-label="Breadcrumb"><a href="/console/admin">Administration</a> <span aria-hidden="true">›</span> Audit trail</nav>
    <h1>Audit trail</h1>
    <form method="get" action="/console/admin/audit" class="filters" role="search">
    <div><label for="audit-since">Since</label><input id="audit-since" name="since" value="{{since}}"></div>
    <div><label for="audit-principal">Principal</label><input id="audit-principal" name="principal" value="{{principal}}"></div>
    <div><label for="audit-service">Service</label><input id="audit-service" name="service" value="{{service}}"></div>
    <div><label for="audit-operation">Operation</label><input id="audit-operation" name="operation" value="{{operation}}"></div>
    <div><label for="audit-decision">Decision</label><select id="audit-decision" name="decision">{{#decisions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/decisions}}</select></div>
    <button type="submit">Filter</button>
    </form>
    {{#error}}<div class="error" role="alert"><p>{{error}}</p></div>{{/error}}
    <p class="hint">The 100 newest records that match, newest first.</p>
    <div class="table"><table><thead><tr><th scope="col">Time</th><th scope="col">Principal</th><th scope="col">Call</th><th scope="col">Resource</th><th scope="col">Decision</th><th scope="col">Status</th><th scope="col">Source</th></tr></thead><tbody>
    {{#events}}<tr><td><time datetime="{{iso}}">{{time}}</time></td><td>{{principal}}</td><td>{{call}}</td><td>{{resource}}</td><td><span class="status {{tone}}">{{decision}}</span>{{#error}} {{error}}{{/error}}</td><td>{{status}}</td><td>{{source}}</td></tr>{{/events}}
    {{^events}}<tr><td colspan="7">No records match.</td></tr>{{/events}}
    </tbody></table></div>
    {{> bottom}}
    """

    static let endpoints = """
    {{> top}}
    {{> project-header}}
    <h2>Endpoints</h2>
    {{#endpoints}}
    <section class="card" aria-labelledby="endpoint-{{index}}">
    <h3 id="endpoint-{{index}}">{{name}} <span class="status {{tone}}">{{status}}</span></h3>
    {{#failure}}<p class="error">{{failure}}</p>{{/failure}}
    <dl class="facts"><dt>Configuration</dt><dd>{{config}}</dd><dt>Created</dt><dd>{{created}}</dd></dl>
    <div class="table"><table><thead><tr><th scope="col">Variant</th><th scope="col">Weight</th><th scope="col">Instances</th></tr></thead><tbody>
    {{#variants}}<tr><td>{{name}}</td><td>{{weight}}</td><td>{{instances}}</td></tr>{{/variants}}
    </tbody></table></div>
    {{#canInvoke}}
    <form method="post" action="{{action}}" class="card wide">
    <h4>Test the endpoint</h4>
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="endpoint" value="{{name}}">
    <label for="invoke-type-{{index}}">Content type</label>
    <select id="invoke-type-{{index}}" name="content_type">{{#contentTypes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/contentTypes}}</select>
    <label for="invoke-accept-{{index}}">Accept</label><input id="invoke-accept-{{index}}" name="accept" value="">
    <label for="invoke-body-{{index}}">Request body</label><textarea id="invoke-body-{{index}}" name="body" rows="4">{{#invocation}}{{sent}}{{/invocation}}</textarea>
    <button type="submit" class="primary">Send request</button>
    </form>
    {{/canInvoke}}
    {{#invocation}}
    <div role="status" aria-label="Response">
    {{#error}}<p class="error">{{error}}</p>{{/error}}
    {{#answer}}<p>Answered by variant {{variant}} ({{type}}):</p><pre class="log" tabindex="0" aria-label="Response body">{{answer}}</pre>{{/answer}}
    </div>
    {{/invocation}}
    </section>
    {{/endpoints}}
    {{^endpoints}}<p>{{empty}}</p>{{/endpoints}}
    {{> bottom}}
    """

    static let experiments = """
    {{> top}}
    {{> project-header}}
    <h2>Experiments</h2>
    <p>Experiments are tracked in managed MLflow. Open a tracking server to see its experiments, runs and models.</p>
    <div class="table"><table><thead><tr><th scope="col">Tracking server</th><th scope="col">Status</th><th scope="col">MLflow</th><th scope="col"></th></tr></thead><tbody>
    {{#servers}}<tr><td>{{name}}{{#own}} <span class="hint">(this project's)</span>{{/own}}</td><td><span class="status {{tone}}">{{status}}</span></td><td>{{version}}</td>
    <td>{{#open}}<form method="post" action="{{action}}"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="server" value="{{name}}"><button type="submit" aria-label="Open {{name}} in MLflow">Open MLflow</button></form>{{/open}}</td></tr>{{/servers}}
    {{^servers}}<tr><td colspan="4">No MLflow tracking server yet.</td></tr>{{/servers}}
    </tbody></table></div>
    {{> bottom}}
    """

    static let job = """
    {{> top}}
    {{> project-header}}
    <h2>{{kind}} {{jobName}} <span class="status {{jobTone}}">{{status}}</span></h2>
    {{#failure}}<div class="error"><p>{{failure}}</p></div>{{/failure}}
    <h3>Metrics</h3>
    <div class="table"><table><thead><tr><th scope="col">Metric</th><th scope="col">Final value</th></tr></thead><tbody>
    {{#metrics}}<tr><td>{{name}}</td><td>{{value}}</td></tr>{{/metrics}}
    {{^metrics}}<tr><td colspan="2">No metrics.</td></tr>{{/metrics}}
    </tbody></table></div>
    <h3>Log</h3>
    {{#log}}<pre class="log" tabindex="0" aria-label="Log of {{jobName}}">{{log}}</pre>{{/log}}
    {{^log}}<p>The job has written nothing yet.</p>{{/log}}
    {{> bottom}}
    """

    /// Every template by the name pages render it with.
    static let all: [String: String] = [
        "top": top, "bottom": bottom, "sign-in": signIn, "projects": projects, "message": message, "choose-template": chooseTemplate,
        "parameter": parameter, "project-details": projectDetails, "project": project, "project-header": projectHeader, "settings": settings,
        "update-preview": updatePreview, "delete-confirm": deleteConfirm, "model-groups": modelGroups, "pipelines": pipelines,
        "repositories": repositories, "workflow-run": workflowRun, "administration": administration, "endpoints": endpoints, "experiments": experiments, "job": job, "function-log": functionLog, "audit-trail": auditTrail,
    ]
}
