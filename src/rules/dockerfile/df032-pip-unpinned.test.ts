import { testRule } from '../../../test/support/rule-tester.js';
import { pipUnpinned } from './df032-pip-unpinned.js';

testRule(pipUnpinned, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir requests==2.32.3 "urllib3>=2,<3" "flask[async]~=3.0"\n',
    {
      name: 'requirements file and local project',
      dockerfile:
        'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt && pip install -e . && pip install .\n',
    },
    {
      name: 'wheels, paths, URLs and direct references',
      dockerfile: `
      FROM python:3.12
      RUN pip install /wheels/*.whl ./dist/app-1.0.tar.gz mypkg.whl \\
          git+https://github.com/psf/requests.git@v2.32.3 \\
          "app @ https://example.com/app-1.0.tar.gz" \\
          other @ file:///tmp/other
      `,
    },
    {
      name: 'constraints file',
      dockerfile: 'FROM python:3.12\nRUN pip install -c constraints.txt requests flask\n',
    },
    {
      name: 'offline wheelhouse',
      dockerfile: 'FROM python:3.12\nRUN pip install --no-index --find-links /wheels app\n',
    },
    {
      name: 'option values are not packages',
      dockerfile:
        'FROM python:3.12\nRUN pip install --index-url https://pypi.example.com/simple --target /opt/lib attrs==23.2.0\n',
    },
    { name: 'python -c is not pip', dockerfile: `FROM python:3.12\nRUN python3 -c 'import sys'\n` },
  ],
  invalid: [
    {
      name: 'bare names, pip upgrading itself included (as hadolint DL3013)',
      dockerfile:
        'FROM python:3.12\nRUN pip install --upgrade pip setuptools && pip3 install requests==2.32.3 flask\n',
      expect: [{ line: 2, message: 'pip install without pinned versions: pip, setuptools, flask' }],
    },
    {
      name: 'python -m pip with global options, multi-line, sudo',
      dockerfile: `
      FROM ubuntu:24.04
      RUN sudo python3 -m pip --disable-pip-version-check install -U \\
          --no-cache-dir \\
          boto3
      `,
      expect: [{ line: 2, endLine: 4, message: 'boto3' }],
    },
    {
      name: 'heredoc, -r does not excuse extra names, != is not a pin',
      dockerfile: `
      FROM python:3.12
      RUN <<EOF
      pip3.12 install -r requirements.txt gunicorn "django!=4.0"
      EOF
      `,
      expect: [{ line: 2, endLine: 4, message: 'gunicorn, django!=4.0' }],
    },
    {
      name: 'exec form and -mpip',
      dockerfile: 'FROM python:3.12\nRUN ["python", "-mpip", "install", "uvicorn"]\n',
      expect: [{ line: 2, message: 'uvicorn' }],
    },
  ],
});
