import { testRule } from '../../../test/support/rule-tester.js';
import { pipUntrustedIndex } from './df015-pip-untrusted-index.js';

testRule(pipUntrustedIndex, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    {
      name: 'https index',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install -i https://pypi.example.com/simple --extra-index-url=https://x.example.com/simple flask==3.0.0\n',
    },
    {
      name: 'loopback http index',
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install --index-url http://localhost:8080/simple flask==3.0.0\n',
    },
    {
      name: 'python without -m pip',
      dockerfile: 'FROM python:3.12-slim\nRUN python -c "print(1)" --trusted-host x\n',
    },
    {
      name: 'pip config set of something else',
      dockerfile: 'FROM python:3.12-slim\nRUN pip config set global.timeout 60\n',
    },
  ],
  invalid: [
    {
      dockerfile:
        'FROM python:3.12-slim\nRUN pip install --trusted-host pypi.example.com -r requirements.txt\n',
      expect: [{ line: 2, message: '--trusted-host pypi.example.com' }],
    },
    {
      name: 'python3 -m pip with an http index, multi-line',
      dockerfile: `
      FROM python:3.12-slim
      RUN python3 -m pip install \\
            --index-url=http://nexus.internal/simple \\
            flask==3.0.0
      `,
      expect: [{ line: 2, endLine: 4, message: '--index-url http://nexus.internal/simple' }],
    },
    {
      name: 'pip3 -i and sudo, and pip config set',
      dockerfile: `
      FROM ubuntu:22.04
      RUN sudo pip3 install -i http://10.0.0.5/simple requests==2.32.0
      RUN pip config set global.trusted-host "pypi.example.com files.example.com"
      `,
      expect: [
        { line: 2, message: '-i http://10.0.0.5/simple' },
        { line: 3, message: 'global.trusted-host' },
      ],
    },
    {
      name: 'uv --allow-insecure-host',
      dockerfile:
        'FROM python:3.12-slim\nRUN uv pip install --allow-insecure-host=pypi.example.com -r req.txt\n',
      expect: [{ line: 2, message: 'uv --allow-insecure-host pypi.example.com' }],
    },
  ],
});
