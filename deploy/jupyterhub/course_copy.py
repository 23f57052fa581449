"""The course in a student's home: copied from the checkout's notebooks/ on the first start of their
server (deploy/jupyterhub/singleuser.py), as the student, and never overwritten afterwards."""
import os
import shutil
import sys
import tempfile


def copy_course(source, home, folder):
    """Copies the course's notebooks into home/folder unless that name exists (even as a dangling link):
    a student's own copy, edits included, is never overwritten. Delete the folder to get a fresh one."""
    target = os.path.join(home, folder)
    if os.path.lexists(target):
        return None
    if not os.path.isdir(source):
        # A server without the course is still a server: say so in its log and start.
        print(f"tsdl: no course to copy: {source} is not a folder", file=sys.stderr)
        return None
    notebooks = sorted(f for f in os.listdir(source) if f.endswith(".ipynb"))
    # Built beside the target and renamed into place, so a server killed half-way leaves no half a course.
    staging = tempfile.mkdtemp(prefix=f".{folder}-", dir=home)
    try:
        for name in notebooks:
            shutil.copyfile(os.path.join(source, name), os.path.join(staging, name))
        os.chmod(staging, 0o755)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
