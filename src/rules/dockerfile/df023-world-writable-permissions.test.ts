import { testRule } from '../../../test/support/rule-tester.js';
import { worldWritablePermissions } from './df023-world-writable-permissions.js';

testRule(worldWritablePermissions, {
  valid: [
    'FROM debian:12\nRUN chmod 755 /usr/local/bin/app && chmod -R u+rwX,go-w /app\n',
    {
      name: 'sticky /tmp-style directory',
      dockerfile: 'FROM debian:12\nRUN mkdir -p /scratch && chmod 1777 /scratch && chmod a+rwxt /x\n',
    },
    {
      name: 'no who: the umask keeps others out',
      dockerfile: 'FROM debian:12\nRUN chmod +w /app/config && chmod g+w /app\n',
    },
    {
      name: 'COPY --chmod without world write',
      dockerfile: 'FROM debian:12\nCOPY --chmod=0755 entrypoint.sh /entrypoint.sh\n',
    },
    {
      name: 'mkdir -m 1777 and a variable mode',
      dockerfile: 'FROM debian:12\nARG MODE=755\nRUN mkdir -pm 1777 /shared && chmod "$MODE" /app\n',
    },
    {
      name: 'a scratch directory the same RUN removes',
      dockerfile: `
      FROM debian:12
      RUN tmp="$(mktemp -d)" && chmod 777 "$tmp" && (cd "$tmp" && apt-get source --compile hello) \\
       && rm -rf "$tmp"
      `,
    },
  ],
  invalid: [
    {
      dockerfile: 'FROM debian:12\nRUN chmod -R 777 /app\n',
      expect: [{ line: 2, message: 'chmod 777 /app' }],
    },
    {
      name: 'symbolic modes and 666, multi-line with sudo',
      dockerfile: `
      FROM debian:12
      RUN touch /var/log/app.log && \\
          sudo chmod 0666 /var/log/app.log && \\
          chmod -R a+rwX /srv/data
      RUN chmod u=rwx,o+w /opt/x
      `,
      expect: [
        { line: 2, endLine: 4, message: 'chmod 0666 /var/log/app.log; chmod a+rwX /srv/data' },
        { line: 5, message: 'u=rwx,o+w' },
      ],
    },
    {
      name: 'only one of the chmod targets is removed',
      dockerfile:
        'FROM debian:12\nRUN mkdir /build /data && chmod 777 /build /data && make -C /build && rm -rf /build\n',
      expect: [{ line: 2, message: 'chmod 777 /build /data' }],
    },
    {
      name: 'removed before, then recreated world-writable',
      dockerfile: 'FROM debian:12\nRUN rm -rf /app && mkdir /app && chmod 777 /app\n',
      expect: [{ line: 2, message: 'chmod 777 /app' }],
    },
    {
      name: 'COPY and ADD --chmod',
      dockerfile: `
      FROM debian:12
      COPY --chmod=777 app /app
      ADD --chown=1000:1000 --chmod=666 config.yml /etc/app/config.yml
      `,
      expect: [
        { line: 2, message: 'COPY --chmod=777 app /app' },
        { line: 3, message: '--chmod=666' },
      ],
    },
    {
      name: 'mkdir -m and install -m',
      dockerfile: `
      FROM debian:12
      RUN mkdir -p -m 777 /data
      RUN install -o root -m 0777 -d /run/app
      `,
      expect: [
        { line: 2, message: 'mkdir 777 /data' },
        { line: 3, message: 'install 0777 /run/app' },
      ],
    },
  ],
});
