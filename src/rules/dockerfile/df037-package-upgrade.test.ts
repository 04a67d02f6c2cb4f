import { testRule } from '../../../test/support/rule-tester.js';
import { packageUpgrade } from './df037-package-upgrade.js';

testRule(packageUpgrade, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --only-upgrade openssl=3.0.13-1~deb12u1\n',
    { name: 'targeted apk upgrade', dockerfile: 'FROM alpine:3.19\nRUN apk upgrade --no-cache openssl\n' },
    {
      name: 'targeted dnf update',
      dockerfile: 'FROM fedora:40\nRUN dnf update -y --setopt=install_weak_deps=False openssl\n',
    },
    {
      name: 'apk add --upgrade of one package',
      dockerfile: 'FROM alpine:3.19\nRUN apk add --no-cache --upgrade apk-tools\n',
    },
    {
      name: 'apt-get update is not an upgrade',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    },
  ],
  invalid: [
    {
      name: 'apt-get upgrade and dist-upgrade in one RUN',
      dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get -y upgrade && apt-get -qy dist-upgrade\n',
      expect: [{ line: 2, message: 'apt-get upgrade, apt-get dist-upgrade' }],
    },
    {
      name: 'apk upgrade with sudo, multi-line',
      dockerfile: `
      FROM alpine:3.19
      RUN sudo apk --no-cache \\
          upgrade
      `,
      expect: [{ line: 2, endLine: 3, message: 'apk upgrade' }],
    },
    {
      name: 'yum and dnf update in heredoc, -x value skipped',
      dockerfile: `
      FROM rockylinux:9
      RUN <<EOF
      yum -y update -x kernel
      dnf -y upgrade
      EOF
      `,
      expect: [{ line: 2, endLine: 5, message: 'yum update, dnf upgrade' }],
    },
    {
      name: 'apt full-upgrade, exec form',
      dockerfile: 'FROM ubuntu:24.04\nRUN ["apt", "full-upgrade", "-y"]\n',
      expect: [{ line: 2, message: 'apt full-upgrade' }],
    },
  ],
});
