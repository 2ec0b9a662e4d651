/**
 * The programs that run inside the bubblewrap sandbox before the guest's code. They speak newline-delimited JSON
 * with the host: requests on fd 3 (`{t:"call",name,input}`, `{t:"value",json}`, `{t:"error",…}`), replies on fd 4
 * (`{ok,value|error,now}`). Python's tools are `tools.<name>(input)` / `call_tool(name, input)`; shell's is
 * `tool NAME [JSON]`, which prints the result as JSON.
 */

/** The Python tool stub, shared by the Python runner and the shell's `tool` command. */
const PYTHON_STUB = String.raw`
import sys, os, json, types
_req = os.fdopen(3, 'w', buffering=1)
_rep = os.fdopen(4, 'r')
_names = json.loads(os.environ.pop('WARDEN_TOOLS', '[]'))
_now = [float(os.environ.pop('WARDEN_NOW_MS', '0')) / 1000]

class ToolError(Exception):
    """A tool call the host refused or that failed; 'code' is the stable error code."""
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code

def call_tool(name, input=None):
    """Calls tool 'name' with a JSON-compatible 'input'; returns its JSON result or raises ToolError."""
    name = str(name)
    if name not in _names:
        raise ToolError('TOOL_NOT_FOUND', 'There is no tool "%s" here. Tools you can call: %s.' % (name, ', '.join(_names) or 'none'))
    _req.write(json.dumps({'t': 'call', 'name': name, 'input': input}) + '\n')
    line = _rep.readline()
    if not line:
        raise ToolError('SANDBOX_CLOSED', 'The host closed the tool channel.')
    reply = json.loads(line)
    _now[0] = reply['now'] / 1000
    if reply['ok']:
        return reply['value']
    raise ToolError(reply['error']['code'], reply['error']['message'])

tools = types.ModuleType('warden_tools')
tools.call = call_tool
tools.ToolError = ToolError
for _name in _names:
    setattr(tools, _name, (lambda n: lambda input=None, **kw: call_tool(n, kw if input is None and kw else input))(_name))
sys.modules['warden_tools'] = tools
`;

/** Runs the Python guest: code from stdin, the last expression's value as the result. */
export const PYTHON_RUNNER = String.raw`${PYTHON_STUB}
import ast, random, time, datetime, traceback
random.seed(int(os.environ.pop('WARDEN_SEED', '0')))
time.time = lambda: _now[0]
time.time_ns = lambda: int(_now[0] * 1e9)
class _Datetime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(_now[0], tz)
    @classmethod
    def utcnow(cls):
        return datetime.datetime.utcfromtimestamp(_now[0])
    @classmethod
    def today(cls):
        return datetime.datetime.fromtimestamp(_now[0])
datetime.datetime = _Datetime
_source = sys.stdin.read()
sys.stdin.close()
sys.stdin = open(os.devnull)
_globals = {'__name__': '__main__', 'tools': tools, 'call_tool': call_tool, 'ToolError': ToolError}
def _send(message):
    try:
        _req.write(json.dumps(message) + '\n')
        _req.flush()
    except Exception:
        pass
try:
    _tree = ast.parse(_source, '<action>')
    _last = None
    if _tree.body and isinstance(_tree.body[-1], ast.Expr):
        _last = ast.Expression(_tree.body.pop().value)
    exec(compile(_tree, '<action>', 'exec'), _globals)
    if _last is None:
        _send({'t': 'value'})
    else:
        _value = eval(compile(_last, '<action>', 'eval'), _globals)
        try:
            _json = json.dumps(_value)
        except (TypeError, ValueError):
            _json = json.dumps(repr(_value))
        _send({'t': 'value', 'json': _json})
except SystemExit as _exit:
    if _exit.code not in (None, 0):
        _send({'t': 'error', 'name': 'SystemExit', 'message': 'exit code %s' % (_exit.code,), 'stack': ''})
        sys.stdout.flush()
        os._exit(1)
    _send({'t': 'value'})
except BaseException as _error:
    _frames = [f for f in traceback.extract_tb(_error.__traceback__) if f.filename == '<action>']
    _stack = ''.join(traceback.format_list(_frames)[-20:])[-4000:]
    _send({'t': 'error', 'name': type(_error).__name__, 'message': str(_error)[:2000], 'stack': _stack,
           'code': getattr(_error, 'code', None) if isinstance(_error, ToolError) else None})
    sys.stdout.flush()
    os._exit(1)
`;

/** The shell's `tool NAME [JSON]` command. */
export const TOOL_COMMAND = String.raw`${PYTHON_STUB}
_args = sys.argv[1:]
if not _args:
    sys.stderr.write('usage: tool NAME [JSON]\n')
    sys.exit(2)
try:
    _input = json.loads(_args[1]) if len(_args) > 1 else None
except ValueError as error:
    sys.stderr.write('tool: the input is not JSON: %s\n' % error)
    sys.exit(2)
try:
    print(json.dumps(call_tool(_args[0], _input)))
except ToolError as error:
    sys.stderr.write('tool %s failed (%s): %s\n' % (_args[0], error.code, error))
    sys.exit(1)
`;

/** Runs the shell guest: defines `tool`, then the code from stdin. */
export const SHELL_RUNNER =
  'tool() { /usr/bin/python3 -I -S -c "$WARDEN_TOOL_COMMAND" "$@"; }; RANDOM=$WARDEN_SEED; eval "$(cat)"';
