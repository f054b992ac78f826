import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { tmpDir } from '../fixtures/generateRepo';
import { runCli } from '../fixtures/runCli';

/**
 * For each of git's builtin diff drivers: lines that may or may not be function lines under it (the negated
 * patterns, case, indentation, lines over 80 bytes, trailing blanks), and a name `log -L :NAME:` finds.
 */
const CASES: Record<string, { ext: string; lines: string[]; name: string }> = {
  ada: {
    ext: 'adb',
    lines: [
      'with Ada.Text_IO;',
      'package body Queues is',
      'package Int_IO is new Integer_IO (Integer);',
      '   PROCEDURE Put_Line (Item : String) is',
      'Put_Line ("x");',
      '   function Rename_Me return Float renames Other;',
      'task type Worker;',
      '   FUNCTION Area return Float is',
    ],
    name: 'Area',
  },
  bash: {
    ext: 'sh',
    lines: [
      'deploy() {',
      '  function build {',
      'echo done',
      'function test_all() (',
      'clean ()  {',
      'x=1',
      'function run_it ((',
      'helper() [[',
      'function no_body',
    ],
    name: 'clean',
  },
  bibtex: {
    ext: 'bib',
    lines: ['@article{knuth1984,', '  title = {x},', '  @Book { lamport94', 'see @misc{note, here}', 'plain text'],
    name: 'lamport94',
  },
  csharp: {
    ext: 'cs',
    lines: [
      'namespace Strata.Core',
      'public static async Task<int> RunAsync(string[] args)',
      '    if (x) return Foo(y);',
      'public sealed class Walker : IWalker',
      '    internal int Count',
      '    return new Widget(a, b);',
      'public record Point(int X, int Y);',
      '    private Dictionary<string, int> map',
      `    public override string ${'VeryLong'.repeat(9)}(int a)   `,
    ],
    name: 'RunAsync',
  },
  css: {
    ext: 'css',
    lines: ['.button:hover {', '  color: red;', '#main > p,', '@media screen and (max-width: 600px) {', 'BODY {', ':root {', 'div;', 'a:'],
    name: 'BODY',
  },
  elixir: {
    ext: 'ex',
    lines: [
      'defmodule Strata.Walk do',
      '  def run(args) do',
      '  x = 1',
      '  defp helper(x), do: x',
      '  defmacro unless(c, do: b) do',
      '  test "walks" do',
      '  defimpl String.Chars, for: X do',
      '  definitely not',
    ],
    name: 'helper',
  },
  fortran: {
    ext: 'f90',
    lines: [
      'PROGRAM main',
      '      SUBROUTINE SOLVE(A, N)',
      'C     SUBROUTINE COMMENTED(X)',
      '  ! FUNCTION commented(x)',
      '  module procedure foo',
      'END SUBROUTINE SOLVE',
      'real function area(r)',
      '  integer pure function count(n)',
      '  x = 1',
      'block data init',
    ],
    name: 'area',
  },
  fountain: {
    ext: 'fountain',
    lines: [
      'INT. KITCHEN - DAY',
      'JOHN',
      'EXT. GARDEN - NIGHT',
      '.FLASHBACK',
      '...and then',
      'int/ext car - moving',
      'I/E BOAT',
      'est. city',
    ],
    name: 'GARDEN',
  },
  golang: {
    ext: 'go',
    lines: [
      'func main() {',
      'func (w *Walker) Next() (Commit, error) {',
      'var x = 1',
      'type Walker struct {',
      'type Reader interface {',
      'type ID string',
      '\tfunc() {}()',
      '\tdefer func() {',
    ],
    name: 'Next',
  },
  html: {
    ext: 'html',
    lines: ['<h1>Title</h1>', '<div>', '  <H2 class="x">Sub</H2>', '<h7>no</h7>', '<h3>', '<h4 id=a>Four</h4>'],
    name: 'Sub',
  },
  java: {
    ext: 'java',
    lines: [
      'public class Walker extends Base {',
      '    public static void main(String[] args) {',
      '    if (x) foo(y);',
      '    private List<String> names(int n) throws IOException {',
      'interface Named {',
      '    return new Walker(a);',
      'enum Color { RED }',
      '  abstract class A {',
      '    Map<String, List<Integer>> index(final String key)',
    ],
    name: 'names',
  },
  kotlin: {
    ext: 'kt',
    lines: [
      'class Walker(val repo: Repo) {',
      '    fun next(): Commit? {',
      '    private suspend fun load() = 1',
      'val x = 1',
      'interface Named',
      'data class Point(val x: Int)',
      'Fun notOne()',
    ],
    name: 'load',
  },
  markdown: {
    ext: 'md',
    lines: ['# Title', 'text', '## Section two', '    # code, not a heading', '   ### three spaces', '#no space', '####### seven'],
    name: 'Section',
  },
  matlab: {
    ext: 'm',
    lines: [
      'function y = square(x)',
      'classdef Walker < handle',
      'x = 1;',
      '%% Section one',
      '%%% Octave section',
      '## Octave too',
      '  function inner',
      '% plain comment',
    ],
    name: 'square',
  },
  objc: {
    ext: 'm',
    lines: [
      '@implementation Walker',
      '- (void)walk:(int)n {',
      '+ (instancetype)shared',
      'int main(int argc, char *argv[])',
      '    if (x) foo(y);',
      '@interface Walker : NSObject',
      '    return [self next];',
      'static void helper (void) {',
    ],
    name: 'helper',
  },
  pascal: {
    ext: 'pas',
    lines: [
      'procedure Walk(N: Integer);',
      'begin',
      'function Count: Integer;',
      'class procedure TWalker.Run;',
      'constructor TWalker.Create;',
      '  TWalker = class(TObject)',
      '  TPoint = record',
      'implementation',
    ],
    name: 'Count',
  },
  perl: {
    ext: 'pl',
    lines: [
      'package Foo;',
      'sub walk {',
      'sub declared; # elsewhere',
      'sub walk2 ($$) : lvalue { # c',
      'BEGIN {',
      '=head1 NAME',
      ' sub indented {',
      'END',
    ],
    name: 'walk2',
  },
  php: {
    ext: 'php',
    lines: [
      'function walk($n) {',
      '    public static function make(): self',
      '$x = 1;',
      'final class Walker',
      'abstract class Base',
      'interface Named',
      'trait Walks',
      'enum Suit',
    ],
    name: 'make',
  },
  python: {
    ext: 'py',
    lines: ['class Walker:', '    def walk(self):', 'x = 1', 'async def fetch():', '    async  def spaced(self):', 'def', 'define = 2'],
    name: 'fetch',
  },
  ruby: {
    ext: 'rb',
    lines: ['class Walker < Base', '  module Helpers', '  def walk(n)', 'x = 1', 'def self.make', '  class << self', 'define_method(:x)'],
    name: 'walk',
  },
  rust: {
    ext: 'rs',
    lines: [
      'pub(crate) struct Walker<T> {',
      'impl<T> Walker<T> {',
      '    pub async fn next(&mut self) -> Option<T> {',
      '    let x = 1;',
      'extern "C" fn callback(x: i32)',
      'macro_rules! walk {',
      'use std::fmt;',
      'pub const fn zero() -> u32 { 0 }',
    ],
    name: 'callback',
  },
  scheme: {
    ext: 'scm',
    lines: [
      '(define (walk n)',
      '(define-syntax swap!',
      '(let ((x 1))',
      '(defstruct point x y)',
      '(library (strata walk)',
      '  (module m',
      '(struct* x',
      '(define x 1)',
    ],
    name: 'swap',
  },
  tex: {
    ext: 'tex',
    lines: [
      '\\section{Intro}',
      '\\paragraph{no}',
      '\\subsection*{Details}',
      '\\subsubsection{Deep}',
      '\\chapter{One}',
      '\\part{Two}',
      'text',
    ],
    name: 'Deep',
  },
};

const FILLERS = 9;

/** Each candidate line, then fillers no driver takes for a function line, the seventh changed in the second version. */
function version(lines: string[], second: boolean): string {
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    out.push(line);
    for (let f = 0; f < FILLERS; f++) out.push(`  ~ ${i}.${f}${second && f === 6 ? ' changed' : ''}`);
  }
  return `${out.join('\n')}\n`;
}

test("every builtin diff driver of git's: hunk headers as git diff writes them, and log -L :NAME: as git log -L finds it", async () => {
  process.env.STRATA_HOME = tmpDir('drivers-home');
  const dir = tmpDir('drivers');
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q']);
  const files = Object.entries(CASES).map(([driver, c]) => ({ driver, file: `${driver}.${c.ext}`, ...c }));
  fs.writeFileSync(path.join(dir, '.gitattributes'), files.map((f) => `${f.file} diff=${f.driver}\n`).join(''));
  for (const second of [false, true]) {
    for (const f of files) fs.writeFileSync(path.join(dir, f.file), version(f.lines, second));
    git(['add', '-A']);
    git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', second ? 'v2' : 'v1']);
  }
  for (const f of files) {
    const diff = await runCli(['diff', '--repo', dir, '--path', f.file, '--from', 'HEAD~1', '--to', 'HEAD']);
    assert.equal(diff.code, 0, diff.err);
    const expected = git(['diff', 'HEAD~1', 'HEAD', '--', f.file]);
    assert.equal(diff.out, expected, `${f.driver}: hunk headers`);
    // the test means something: git's default rule (a line starting with a letter, '_' or '$') shows other lines
    const byDefault = git(['-c', `diff.${f.driver}.xfuncname=^[A-Za-z_$].*`, 'diff', 'HEAD~1', 'HEAD', '--', f.file]);
    assert.notEqual(byDefault, expected, `${f.driver}: its own function lines`);

    const log = await runCli(['log', '--repo', dir, '--path', f.file, '--function', f.name]);
    assert.equal(log.code, 0, `${f.driver}: ${log.err}`);
    assert.equal(log.out, git(['log', '-L', `:${f.name}:${f.file}`]), `${f.driver}: log -L :${f.name}:`);
  }
});

test("the user's attributes count as git counts them: $XDG_CONFIG_HOME/git/attributes, core.attributesFile, the repository's own over them", async (t) => {
  const keys = ['XDG_CONFIG_HOME', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_ATTR_NOSYSTEM'] as const;
  const saved = keys.map((k) => [k, process.env[k]] as const);
  t.after(() => {
    for (const [k, v] of saved)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  process.env.STRATA_HOME = tmpDir('drivers-user-home');
  const home = tmpDir('drivers-user-config');
  process.env.XDG_CONFIG_HOME = home;
  process.env.GIT_CONFIG_GLOBAL = path.join(home, 'gitconfig');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  process.env.GIT_ATTR_NOSYSTEM = '1';
  fs.writeFileSync(process.env.GIT_CONFIG_GLOBAL, '');
  fs.mkdirSync(path.join(home, 'git'));
  fs.writeFileSync(path.join(home, 'git', 'attributes'), '*.go diff=golang\n');

  const dir = tmpDir('drivers-user');
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q']);
  const c = CASES.golang!;
  for (const second of [false, true]) {
    fs.writeFileSync(path.join(dir, 'walk.go'), version(c.lines, second));
    git(['add', '-A']);
    git(['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', second ? 'v2' : 'v1']);
  }
  const same = async (what: string) => {
    const diff = await runCli(['diff', '--repo', dir, '--path', 'walk.go', '--from', 'HEAD~1', '--to', 'HEAD']);
    assert.equal(diff.code, 0, diff.err);
    const expected = git(['diff', 'HEAD~1', 'HEAD', '--', 'walk.go']);
    assert.equal(diff.out, expected, what);
    return expected;
  };
  const golang = await same("the XDG attributes file's driver");
  assert.match(golang, /^@@ .* @@ func \(w \*Walker\) Next\(\) \(Commit, error\) \{$/m);

  // core.attributesFile names another file, in place of the XDG one
  const mine = path.join(home, 'my-attributes');
  fs.writeFileSync(mine, '*.go -diff\n');
  fs.writeFileSync(process.env.GIT_CONFIG_GLOBAL, `[core]\n\tattributesFile = ${mine}\n`);
  assert.match(await same('core.attributesFile'), /^Binary files a\/walk.go and b\/walk.go differ$/m);

  // the repository's info/attributes over the user's
  fs.writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '*.go diff=golang\n');
  assert.equal(await same("the repository's info/attributes"), golang);
});
