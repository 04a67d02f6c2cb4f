import { testRule } from '../../../test/support/rule-tester.js';
import { gemUnpinned } from './df034-gem-unpinned.js';

testRule(gemUnpinned, {
  valid: [
    'FROM ruby:3.3\nRUN gem install bundler:2.5.11\n',
    {
      name: '-v and --version',
      dockerfile:
        'FROM ruby:3.3\nRUN gem install rails -v 7.1.3 && gem install --version "~> 1.16" nokogiri\n',
    },
    {
      name: 'local .gem and option values',
      dockerfile: 'FROM ruby:3.3\nRUN gem install --install-dir /gems ./pkg/app-1.0.gem\n',
    },
    {
      name: 'bundle install and gem update are not gem install',
      dockerfile: 'FROM ruby:3.3\nRUN bundle install && gem update --system 3.5.11\n',
    },
  ],
  invalid: [
    {
      name: 'unpinned gems',
      dockerfile: 'FROM ruby:3.3\nRUN gem install rake bundler:2.5.11 --no-document\n',
      expect: [{ line: 2, message: 'gem install without pinned versions: rake' }],
    },
    {
      name: 'build arguments after -- are not gems; sudo; multi-line',
      dockerfile: `
      FROM ruby:3.3
      RUN sudo gem install nokogiri \\
          -- --use-system-libraries
      `,
      expect: [{ line: 2, endLine: 3, message: ': nokogiri' }],
    },
    {
      name: 'heredoc',
      dockerfile: `
      FROM ruby:3.3
      RUN <<EOF
      gem install -N pry
      EOF
      `,
      expect: [{ line: 2, endLine: 4, message: 'pry' }],
    },
    {
      name: 'exec form sh -c',
      dockerfile: `FROM ruby:3.3\nRUN ["sh", "-c", "gem i fpm"]\n`,
      expect: [{ line: 2, message: 'fpm' }],
    },
  ],
});
