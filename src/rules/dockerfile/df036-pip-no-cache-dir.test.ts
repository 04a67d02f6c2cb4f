import { testRule } from '../../../test/support/rule-tester.js';
import { pipNoCacheDir } from './df036-pip-no-cache-dir.js';

testRule(pipNoCacheDir, {
  valid: [
    {
      name: 'PIP_NO_CACHE_DIR as a prefix assignment or exported earlier in the RUN',
      dockerfile:
        'FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install -r req.txt\nRUN export PIP_NO_CACHE_DIR=1 && pip install -r req.txt\n',
    },
    'FROM python:3.12\nRUN pip install --no-cache-dir -r requirements.txt\n',
    {
      name: 'global option before install',
      dockerfile: 'FROM python:3.12\nRUN python3 -m pip --no-cache-dir install -r requirements.txt\n',
    },
    {
      name: 'PIP_NO_CACHE_DIR in ENV of a parent stage, even "off"',
      dockerfile: `
      FROM python:3.12 AS base
      ENV PIP_NO_CACHE_DIR=off
      FROM base
      RUN pip install -r requirements.txt
      `,
    },
    {
      name: 'env wrapper',
      dockerfile: 'FROM python:3.12\nRUN env PIP_NO_CACHE_DIR=1 pip install -r requirements.txt\n',
    },
    {
      name: 'cache mount',
      dockerfile:
        'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n',
    },
    {
      name: 'cache removed or purged in the same RUN',
      dockerfile: `
      FROM python:3.12
      RUN pip install -r a.txt && rm -rf /root/.cache/pip
      RUN pip install -r b.txt && pip cache purge
      RUN pip install -r c.txt && rm -rf ~/.cache
      `,
    },
    {
      name: 'build stage only copied from',
      dockerfile: `
      FROM python:3.12 AS build
      RUN pip wheel -w /wheels -r requirements.txt && pip install -r requirements.txt
      FROM python:3.12-slim
      COPY --from=build /wheels /wheels
      `,
    },
  ],
  invalid: [
    {
      name: "a plain shell variable is not in pip's environment",
      dockerfile: 'FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1; pip install -r req.txt\n',
      expect: [{ line: 2 }],
    },
    {
      name: 'plain pip install',
      dockerfile: 'FROM python:3.12\nRUN pip install -r requirements.txt flask==3.0.3\n',
      expect: [{ line: 2, message: 'pip install without --no-cache-dir (flask==3.0.3)' }],
    },
    {
      name: 'ENV after the RUN does not count; sudo; multi-line',
      dockerfile: `
      FROM python:3.12
      RUN sudo pip3 install \\
          requests==2.32.3
      ENV PIP_NO_CACHE_DIR=1
      `,
      expect: [{ line: 2, endLine: 3, message: 'requests==2.32.3' }],
    },
    {
      name: 'heredoc with python -m pip',
      dockerfile: `
      FROM python:3.12
      RUN <<EOF
      python3 -m pip install -U pip==24.0
      EOF
      `,
      expect: [{ line: 2, endLine: 4 }],
    },
    {
      name: 'empty PIP_NO_CACHE_DIR and ARG without default do not count; exec form',
      dockerfile: `
      FROM python:3.12
      ARG PIP_NO_CACHE_DIR
      ENV PIP_NO_CACHE_DIR=
      RUN ["pip", "install", "attrs==23.2.0"]
      `,
      expect: [{ line: 4, message: 'attrs' }],
    },
  ],
});
