/**
 * The function-line patterns of git's builtin diff drivers (`*.go diff=golang` in .gitattributes and so on), as
 * `diff.<driver>.xfuncname` would give them: POSIX extended regexes, one a line, a leading `!` saying "not a
 * function line". They are git's data, kept as git has them so that hunk headers and `log -L :NAME:` find the
 * lines git finds; `icase`: git matches them ignoring case.
 */
export interface BuiltinDriver {
  readonly xfuncname: string;
  readonly icase?: boolean;
}

const lines = (...patterns: string[]) => patterns.join('\n');

export const BUILTIN_DRIVERS: Readonly<Record<string, BuiltinDriver>> = {
  ada: {
    xfuncname: lines(
      '!^(.*[ \t])?(is[ \t]+new|renames|is[ \t]+separate)([ \t].*)?$',
      '!^[ \t]*with[ \t].*$',
      '^[ \t]*((procedure|function)[ \t]+.*)$',
      '^[ \t]*((package|protected|task)[ \t]+.*)$',
    ),
    icase: true,
  },
  bash: {
    xfuncname:
      '^[ \t]*((' +
      // a POSIX name with its parentheses
      '[a-zA-Z_][a-zA-Z0-9_]*[ \t]*\\([ \t]*\\))|' +
      // or bash's `function name`, then the compound command that opens its body
      '(function[ \t]+[a-zA-Z_][a-zA-Z0-9_]*(([ \t]*\\([ \t]*\\))|([ \t]+)))[ \t]*(\\{|\\(\\(?|\\[\\[))',
  },
  // not anchored: an entry's `@type{key` wherever it starts
  bibtex: { xfuncname: '(@[a-zA-Z]{1,}[ \t]*\\{{0,1}[ \t]*[^ \t"@\',\\#}{~%]*).*$' },
  cpp: {
    xfuncname: lines(
      // jump targets and access declarations are not functions
      '!^[ \t]*[A-Za-z_][A-Za-z_0-9]*:[[:space:]]*($|/[/*])',
      // functions, methods, variables and compounds at top level
      '^((::[[:space:]]*)?[A-Za-z_].*)$',
    ),
  },
  csharp: {
    xfuncname: lines(
      '!^[ \t]*(do|while|for|if|else|instanceof|new|return|switch|case|throw|catch|using)',
      '^[ \t]*(((static|public|internal|private|protected|new|virtual|sealed|override|unsafe|async)[ \t]+)*[][<>@.~_[:alnum:]]+[ \t]+[<>@._[:alnum:]]+[ \t]*\\(.*\\))[ \t]*$',
      '^[ \t]*(((static|public|internal|private|protected|new|virtual|sealed|override|unsafe)[ \t]+)*[][<>@.~_[:alnum:]]+[ \t]+[@._[:alnum:]]+)[ \t]*$',
      '^[ \t]*(((static|public|internal|private|protected|new|unsafe|sealed|abstract|partial)[ \t]+)*(class|enum|interface|struct|record)[ \t]+.*)$',
      '^[ \t]*(namespace[ \t]+.*)$',
    ),
  },
  css: { xfuncname: lines('![:;][[:space:]]*$', '^[:[@.#]?[_a-z0-9].*$'), icase: true },
  // device trees: not a property (`;`) nor an assignment (`=`); a node, a label reference (`&uart0 {`) or the root (`/ {`)
  dts: { xfuncname: lines('!;', '!=', '^[ \t]*((/[ \t]*\\{|&?[a-zA-Z_]).*)') },
  elixir: { xfuncname: '^[ \t]*((def(macro|module|impl|protocol|p)?|test)[ \t].*)$' },
  fortran: {
    xfuncname: lines(
      // comments
      '!^([C*]|[ \t]*!)',
      '!^[ \t]*MODULE[ \t]+PROCEDURE[ \t]',
      '^[ \t]*((END[ \t]+)?(PROGRAM|MODULE|BLOCK[ \t]+DATA|([^!\'" \t]+[ \t]+)*(SUBROUTINE|FUNCTION))[ \t]+[A-Z].*)$',
    ),
    icase: true,
  },
  // scene headings (INT., EXT., a forced `.HEADING`)
  fountain: { xfuncname: '^((\\.[^.]|(int|ext|est|int\\.?/ext|i/e)[. ]).*)$', icase: true },
  golang: { xfuncname: lines('^[ \t]*(func[ \t]*.*(\\{[ \t]*)?)', '^[ \t]*(type[ \t].*(struct|interface)[ \t]*(\\{[ \t]*)?)') },
  html: { xfuncname: '^[ \t]*(<[Hh][1-6]([ \t].*)?>.*)$' },
  java: {
    xfuncname: lines(
      '!^[ \t]*(catch|do|for|if|instanceof|new|return|switch|throw|while)',
      '^[ \t]*(([a-z]+[ \t]+)*(class|enum|interface)[ \t]+[A-Za-z][A-Za-z0-9_$]*[ \t]+.*)$',
      '^[ \t]*(([A-Za-z_<>&][][?&<>.,A-Za-z_0-9]*[ \t]+)+[A-Za-z_][A-Za-z_0-9]*[ \t]*\\([^;]*)$',
    ),
  },
  kotlin: { xfuncname: '^[ \t]*(([a-z]+[ \t]+)*(fun|class|interface)[ \t]+.*)$' },
  markdown: { xfuncname: '^ {0,3}#{1,6}[ \t].*' },
  // Octave's `%%%` and `##` section marks too
  matlab: { xfuncname: '^[[:space:]]*((classdef|function)[[:space:]].*)$|^(%%%?|##)[[:space:]].*$' },
  objc: {
    xfuncname: lines(
      '!^[ \t]*(do|for|if|else|return|switch|while)',
      '^[ \t]*([-+][ \t]*\\([ \t]*[A-Za-z_][A-Za-z_0-9* \t]*\\)[ \t]*[A-Za-z_].*)$',
      '^[ \t]*(([A-Za-z_][A-Za-z_0-9]*[ \t]+)+[A-Za-z_][A-Za-z_0-9]*[ \t]*\\([^;]*)$',
      '^(@(implementation|interface|protocol)[ \t].*)$',
    ),
  },
  pascal: {
    xfuncname: lines(
      '^(((class[ \t]+)?(procedure|function)|constructor|destructor|interface|implementation|initialization|finalization)[ \t]*.*)$',
      '^(.*=[ \t]*(class|record).*)$',
    ),
  },
  // packages, subs (a prototype, attributes, a brace or a comment after the name), special blocks, POD headings
  perl: {
    xfuncname: lines(
      '^package .*',
      "^sub [[:alnum:]_':]+[ \t]*(\\([^)]*\\)[ \t]*)?(:[^;#]*)?(\\{[ \t]*)?(#.*)?$",
      '^(BEGIN|END|INIT|CHECK|UNITCHECK|AUTOLOAD|DESTROY)[ \t]*(\\{[ \t]*)?(#.*)?$',
      '^=head[0-9] .*',
    ),
  },
  php: {
    xfuncname: lines(
      '^[\t ]*(((public|protected|private|static|abstract|final)[\t ]+)*function.*)$',
      '^[\t ]*((((final|abstract)[\t ]+)?class|enum|interface|trait).*)$',
    ),
  },
  // classes and functions, async ones too, at any indent
  python: { xfuncname: '^[ \t]*((class|(async[ \t]+)?def)[ \t].*)$' },
  ruby: { xfuncname: '^[ \t]*((class|module|def)[ \t].*)$' },
  // items (fn, struct, enum, union, mod, trait, impl, macro_rules!), with their visibility and qualifiers
  rust: {
    xfuncname:
      '^[\t ]*((pub(\\([^\\)]+\\))?[\t ]+)?((async|const|unsafe|extern([\t ]+"[^"]+"))[\t ]+)?' +
      '(struct|enum|union|mod|trait|fn|impl|macro_rules!)[< \t]+[^;]*)$',
  },
  scheme: {
    xfuncname:
      '^[\t ]*(\\(((define|def(struct|syntax|class|method|rules|record|proto|alias)?)[-*/ \t]|(library|module|struct|class)[*+ \t]).*)$',
  },
  tex: { xfuncname: '^(\\\\((sub)*section|chapter|part)\\*{0,1}\\{.*)$' },
};
