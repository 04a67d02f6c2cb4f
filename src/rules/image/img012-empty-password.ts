import type { ImageRule } from '../types.js';
import { addedBy } from './lib/describe.js';

export const emptyPassword: ImageRule = {
  id: 'IMG012',
  name: 'empty-password',
  target: 'image',
  class: 'image-config',
  title: 'Account without a password',
  severity: 'HIGH',
  description:
    'An account in /etc/shadow with an empty password field logs in without a password: `su` to it, or any login service in the container, needs no credential.',
  remediation: "Lock the account (`passwd -l <user>` or `usermod -p '*' <user>`) or remove it.",
  references: [
    'https://man7.org/linux/man-pages/man5/shadow.5.html',
    'https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#dkl-li-0001',
  ],
  mappings: { dockle: ['DKL-LI-0001'] },
  tags: ['authentication'],
  check(ctx) {
    if (ctx.kind === 'fs') return [];
    return ctx.accounts.flatMap((f) =>
      f.kind === 'empty-password' && f.deletedBy === undefined
        ? f.users.map((u) => ({
            path: f.path,
            layer: f.layer,
            message: `account "${u}" has an empty password in /${f.path}${addedBy(ctx, f.layer)}`,
            key: `empty-password:${u}`,
          }))
        : [],
    );
  },
};
