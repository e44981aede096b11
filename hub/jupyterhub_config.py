"""JupyterHub for a dlcourse class on one machine (README: "Running a class on JupyterHub").

Start it as root with the class's environment (built from the system's Python, outside the checkout, which only root
may enter: the hub refuses to start otherwise):

    sudo /opt/dlcourse-env/bin/jupyterhub -f /opt/dlcourse/hub/jupyterhub_config.py

(or with hub/dlcourse-hub.service under systemd). Before the first start: `npm ci --prefix hub` (the proxy),
`python -m autograder hub add-users ...` and `python -m autograder hub setup ...` (the accounts, the exchange, the
shared course files). Settings a site may change come from the environment:

  DLCOURSE_HUB_BIND   where the hub listens (default http://:8000; put HTTPS in front of it, or set
                      c.JupyterHub.ssl_cert / ssl_key in a file of your own that loads this one)
  DLCOURSE_HUB_STATE  the hub's database and cookie secret (default /srv/jupyterhub, root only)
  DLCOURSE_SHARE      the shared course files written by `hub setup` (default /srv/dlcourse)

To change more, write your own config file that starts with `load_subconfig("/path/to/hub/jupyterhub_config.py")`
and sets what differs (the end-to-end test, tests/hub/, does exactly that).
"""

import grp
import os
import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub

HERE = Path(__file__).resolve().parent
SHARE = Path(os.environ.get("DLCOURSE_SHARE", "/srv/dlcourse"))
STATE = Path(os.environ.get("DLCOURSE_HUB_STATE", "/srv/jupyterhub"))
STUDENTS_GROUP = "dlcourse-students"  # as in autograder/hub.py, which creates both groups
INSTRUCTORS_GROUP = "dlcourse-instructors"



def refuse_unsafe_layout() -> None:
    """Stop before the class starts when students could read the course's checkout (its source notebooks hold the
    solutions, expected.json the hidden tests' answers) or could not run the class's Python."""
    checkout = HERE.parent
    if checkout.stat().st_mode & 0o001:
        raise SystemExit(f"{checkout} can be entered by every user, and its notebooks/source holds the solutions: "
                         f"`sudo chmod 700 {checkout}` (the hub runs as root and reads it; students need nothing in it)")
    python = Path(sys.executable)
    for folder in [*reversed(python.parents)][1:]:
        if not folder.stat().st_mode & 0o001:
            raise SystemExit(f"{folder} cannot be entered by every user, so students cannot run {python}: build the "
                             "class's environment from the system's Python in a folder everyone can enter (README)")
    if python.is_relative_to(checkout) or Path(sys.prefix).is_relative_to(checkout):
        raise SystemExit(f"the class's Python ({sys.prefix}) lies inside the checkout {checkout}: build it outside (README)")


refuse_unsafe_layout()
c.JupyterHub.bind_url = os.environ.get("DLCOURSE_HUB_BIND", "http://:8000")
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]

# Every person logs in as their own Unix user (PAM: the passwords `hub add-users` wrote), and their server runs as
# that user: nbgrader names each submission after the Unix user who hands it in, and the exchange's permissions
# rest on it. The members of the two groups are the class; instructors are the hub's admins.
c.JupyterHub.authenticator_class = "pam"
c.LocalAuthenticator.allowed_groups = {STUDENTS_GROUP, INSTRUCTORS_GROUP}
c.PAMAuthenticator.admin_groups = {INSTRUCTORS_GROUP}
c.JupyterHub.spawner_class = "localprocess"
# the hub's own Python starts every server: one environment for the class, which every user can run
# (build it from the system's Python, not from one inside a home only its owner can open)
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120


def is_instructor(name: str) -> bool:
    try:
        group = grp.getgrnam(INSTRUCTORS_GROUP)
        return name in group.gr_mem or pwd.getpwnam(name).pw_gid == group.gr_gid
    except KeyError:
        return False


def prepare_server(spawner):
    """Every server imports the course's helpers and reads its data from the shared, read-only folder. A student's
    server also reads its Jupyter settings from there, not from ~/.jupyter, so that nbgrader's instructor tools
    (formgrader, Create Assignment) stay off: the student keeps the Assignments tab and Validate."""
    name = spawner.user.name
    home = Path(pwd.getpwnam(name).pw_dir)
    spawner.environment["PYTHONPATH"] = str(SHARE / "utils")
    if not is_instructor(name):
        spawner.environment["JUPYTER_CONFIG_DIR"] = str(SHARE / "etc" / "jupyter-student")
        # JupyterLab keeps a user's settings and workspaces under the config folder unless told otherwise
        spawner.environment["JUPYTERLAB_SETTINGS_DIR"] = str(home / ".jupyter" / "lab" / "user-settings")
        spawner.environment["JUPYTERLAB_WORKSPACES_DIR"] = str(home / ".jupyter" / "lab" / "workspaces")


c.Spawner.pre_spawn_hook = prepare_server
