// Rudder's own shell completion scripts, printed by `rudder completion <shell>`.
//
// Each script is a thin client of the hidden `__complete` command (see completion.ts), the same
// request/answer protocol Helm's (cobra's) completion uses, so users of `helm` get the same
// behaviour. At <TAB> a script runs `<prog> __complete <words before the cursor…> <current word>`
// and reads one candidate per line (`value` or `value<TAB>description`) followed by a last line
// `:<directive>`, a bit set: 1 error, 2 no space, 4 no file completion, 8 the candidates are file
// extensions to filter on, 16 complete directories (inside the one candidate, if given), 32 keep
// the order. Without a directive line the answer counts as 0: file names are offered. Lines that
// start with `_activeHelp_ ` are hints, not candidates; the scripts skip them.
//
// Placeholders, filled in by completionScript(): {{NAME}} the program's name, {{VAR}} that name
// usable in identifiers (- and : turned into _), {{COMP}} `__complete` or `__completeNoDesc`.

export type Shell = 'bash' | 'zsh' | 'fish' | 'powershell';

/** Script text as written: backslashes are kept, and `\${` / `` \` `` stand for `${` / `` ` ``. */
function script(parts: TemplateStringsArray): string {
  if (parts.raw.length !== 1) throw new Error('completion scripts take no interpolations');
  return parts.raw[0]!.replaceAll('\\${', '${').replaceAll('\\`', '`').replace(/^\n/, '');
}

const BASH = script`
# Rudder's bash completion for {{NAME}}.                         -*- shell-script -*-
#
# Rudder's own script; it asks \`{{NAME}} {{COMP}}\` for candidates, the protocol Helm's (cobra's)
# completion also speaks, so \`helm\` users get the same behaviour. Needs bash 4 or later; the
# bash-completion package is not required. Set BASH_COMP_DEBUG_FILE to a file to trace requests.
#
#     source <({{NAME}} completion bash)

_{{VAR}}_trace() {
    [[ -n \${BASH_COMP_DEBUG_FILE-} ]] && printf '%s\n' "$*" >>"$BASH_COMP_DEBUG_FILE"
    return 0
}

# Bash splits words at COMP_WORDBREAKS (= and : among them), so "--set=a:b" arrives as five words.
# This glues the pieces before the cursor back into shell words (_{{VAR}}_words) and notes which
# part of the last one readline will replace (_{{VAR}}_tail).
_{{VAR}}_split_line() {
    local line=\${COMP_LINE:0:COMP_POINT} at=0 i piece gap
    _{{VAR}}_words=()
    _{{VAR}}_tail=
    for ((i = 0; i <= COMP_CWORD; i++)); do
        piece=\${COMP_WORDS[i]}
        gap=\${line:at}
        gap=\${gap%%[![:space:]]*}
        at=$((at + \${#gap}))
        # The word under the cursor only counts up to the cursor.
        ((i == COMP_CWORD)) && piece=\${line:at}
        if ((i > 0 && \${#gap} == 0)); then
            _{{VAR}}_words[\${#_{{VAR}}_words[@]}-1]+=$piece
        else
            _{{VAR}}_words+=("$piece")
        fi
        at=$((at + \${#piece}))
        _{{VAR}}_tail=$piece
    done
    # A bare break character ("=" in "--flag=") is not part of what readline replaces.
    if [[ -n $_{{VAR}}_tail && -z \${_{{VAR}}_tail//[\${COMP_WORDBREAKS}]/} ]]; then
        _{{VAR}}_tail=
    fi
}

_{{VAR}}_complete() {
    local -a _{{VAR}}_words answer=() values=() found=()
    local _{{VAR}}_tail
    _{{VAR}}_split_line

    local word=\${_{{VAR}}_words[\${#_{{VAR}}_words[@]} - 1]}
    local lead=\${word:0:\${#word}-\${#_{{VAR}}_tail}} # the part of word readline keeps
    local flag= value=$word                           # "--flag=" and what follows it
    if [[ $word == -*=* ]]; then
        value=\${word#*=}
        flag=\${word:0:\${#word}-\${#value}}
    fi

    local prog=\${_{{VAR}}_words[0]}
    [[ $prog == "~/"* ]] && prog=$HOME/\${prog:2}
    _{{VAR}}_trace "request: $prog {{COMP}} \${_{{VAR}}_words[*]:1}"

    local out directive=0 line
    out=$("$prog" {{COMP}} "\${_{{VAR}}_words[@]:1}" 2>/dev/null)
    while IFS= read -r line; do answer+=("$line"); done <<<"$out"
    if [[ \${answer[\${#answer[@]} - 1]} =~ ^:([0-9]+)$ ]]; then
        directive=\${BASH_REMATCH[1]}
        unset 'answer[\${#answer[@]} - 1]'
    fi
    _{{VAR}}_trace "directive $directive, answer: \${answer[*]}"
    ((directive & 1)) && return 0

    for line in "\${answer[@]}"; do
        [[ -z $line || $line == _activeHelp_* ]] && continue
        values+=("\${line%%$'\t'*}") # bash shows no descriptions
    done

    local files=0 f ext
    if ((directive & 8)); then
        # The values are extensions: offer directories and the files that have one of them.
        files=1
        while IFS= read -r f; do
            [[ -z $f ]] && continue
            if [[ -d $f ]]; then found+=("$flag$f"); continue; fi
            for ext in "\${values[@]}"; do
                [[ $f == *."$ext" ]] && found+=("$flag$f") && break
            done
        done < <(compgen -f -- "$value")
    elif ((directive & 16)); then
        # Directories only; a value names the directory to look in.
        files=1
        while IFS= read -r f; do
            [[ -n $f ]] && found+=("$flag$f")
        done < <(if ((\${#values[@]})); then cd -- "\${values[0]}" 2>/dev/null && compgen -d -- "$value"; else compgen -d -- "$value"; fi)
    elif ((\${#values[@]})); then
        for f in "\${values[@]}"; do
            [[ $f == "$value"* ]] && found+=("$flag$f")
        done
    fi
    if ((\${#found[@]} == 0 && !(directive & (4 | 8 | 16)))); then
        files=1
        while IFS= read -r f; do
            [[ -n $f ]] && found+=("$flag$f")
        done < <(compgen -f -- "$value")
    fi

    # COMPREPLY holds what replaces the text after the last break character, so drop the lead.
    COMPREPLY=()
    for f in "\${found[@]}"; do
        [[ $f == "$lead"* ]] || continue
        f=\${f:\${#lead}}
        ((files)) || printf -v f '%q' "$f"
        COMPREPLY+=("$f")
    done
    ((files)) && compopt -o filenames 2>/dev/null
    ((directive & 2)) && compopt -o nospace 2>/dev/null
    ((directive & 32)) && compopt -o nosort 2>/dev/null
    _{{VAR}}_trace "offered: \${COMPREPLY[*]}"
    return 0
}

complete -F _{{VAR}}_complete {{NAME}}
`;

const ZSH = script`
#compdef {{NAME}}
# Rudder's zsh completion for {{NAME}}.
#
# Rudder's own script; it asks \`{{NAME}} {{COMP}}\` for candidates, the protocol Helm's (cobra's)
# completion also speaks, so \`helm\` users get the same behaviour. Load it with
# \`source <({{NAME}} completion zsh)\` after compinit, or save it as _{{NAME}} in a $fpath
# directory. Set BASH_COMP_DEBUG_FILE to a file to trace requests.

__{{VAR}}_trace() {
    [[ -n \${BASH_COMP_DEBUG_FILE-} ]] && print -r -- "$*" >>"$BASH_COMP_DEBUG_FILE"
    return 0
}

_{{NAME}}() {
    local prog=\${(Q)words[1]} word=\${(Q)PREFIX} directive=0 line value
    local -a args answer values described nospace order
    [[ $prog == "~/"* ]] && prog=$HOME/\${prog#??}
    args=("\${(@Q)words[2,CURRENT-1]}" "$word")
    __{{VAR}}_trace "request: $prog {{COMP}} \${(j: :)\${(@qq)args}}"

    answer=("\${(@f)$("$prog" {{COMP}} "\${args[@]}" 2>/dev/null)}")
    if [[ \${answer[-1]} == :<-> ]]; then
        directive=\${answer[-1]#:}
        answer[-1]=()
    fi
    __{{VAR}}_trace "directive $directive, answer: \${(j:, :)answer}"
    (( directive & 1 )) && return 1

    for line in "\${answer[@]}"; do
        [[ -z $line || $line == _activeHelp_* ]] && continue
        value=\${line%%$'\t'*}
        values+=("$value")
        # _describe wants "value:description", with colons in the value escaped.
        if [[ $line == *$'\t'* ]]; then
            described+=("\${value//:/\\:}:\${line#*$'\t'}")
        else
            described+=("\${value//:/\\:}")
        fi
    done

    # For --flag=value the candidates are values: keep "--flag=" out of the matching.
    [[ $PREFIX == -*=* ]] && compset -P 1 '*='
    (( directive & 2 )) && nospace=(-S '')
    (( directive & 32 )) && order=(-V)

    if (( directive & 8 )); then
        _files -g "*.(\${(j:|:)values})"
    elif (( directive & 16 )); then
        if (( \${#values} )); then _files -W "(\${(q)values[1]})" -/; else _files -/; fi
    else
        (( \${#described} )) && _describe $order 'completions' described "\${nospace[@]}" && return 0
        (( directive & 4 )) || _files
    fi
}

# Autoloaded from $fpath, this file's body is the first call of _{{NAME}}: complete right away.
if [[ \${funcstack[1]} == _{{NAME}} ]]; then
    _{{NAME}} "$@"
else
    compdef _{{NAME}} {{NAME}}
fi
`;

const FISH = script`
# Rudder's fish completion for {{NAME}}.
#
# Rudder's own script; it asks \`{{NAME}} {{COMP}}\` for candidates, the protocol Helm's (cobra's)
# completion also speaks, so \`helm\` users get the same behaviour. Load it with
# \`{{NAME}} completion fish | source\`. Set BASH_COMP_DEBUG_FILE to a file to trace requests.

function __{{VAR}}_trace
    test -n "$BASH_COMP_DEBUG_FILE"; and printf '%s\n' "$argv" >>$BASH_COMP_DEBUG_FILE
    return 0
end

# Prints the candidates for the command line up to the cursor. (String commands never get an
# empty argument list here: they would read the terminal instead.)
function __{{VAR}}_candidates
    set -l words (commandline -opc)
    set -l word (commandline -ct)
    set -l prog $words[1]
    __{{VAR}}_trace (string join ' ' -- request: $prog {{COMP}} $words[2..-1] "$word")

    set -l answer ($prog {{COMP}} $words[2..-1] $word 2>/dev/null)
    set -l directive 0
    if test (count $answer) -gt 0; and string match -qr '^:[0-9]+$' -- $answer[-1]
        set directive (string sub -s 2 -- $answer[-1])
        set -e answer[-1]
    end
    __{{VAR}}_trace "directive $directive, answer: $answer"
    test (math "bitand($directive, 1)") -ne 0; and return

    # Fish matches candidates against the whole token, so for --flag=value keep the "--flag=".
    set -l flag (string replace -r -- '^(-[^=]*=)?.*$' '$1' "$word")
    set -l value (string sub -s (math (string length -- "$flag") + 1) -- "$word")
    set -l values
    for line in $answer
        string match -q -- '_activeHelp_*' "$line"; or test -z "$line"; or set -a values $line
    end

    set -l found
    if test (math "bitand($directive, 8)") -ne 0
        # The values are extensions: offer directories and the files that have one of them.
        for f in (__fish_complete_path "$value")
            set f (string replace -r -- '\t.*' '' "$f")
            for ext in '/' .$values
                if string match -q -- "*$ext" "$f"
                    set -a found "$flag$f"
                    break
                end
            end
        end
    else if test (math "bitand($directive, 16)") -ne 0
        # Directories only; a value names the directory to look in (names stay relative to it).
        set -l base ''
        test (count $values) -gt 0; and set base (string replace -r -- '/*$' '/' "$values[1]")
        for d in (__fish_complete_directories "$base$value" '')
            set -a found "$flag"(string sub -s (math (string length -- "$base") + 1) -- "$d")
        end
    else
        for v in $values
            set -a found "$flag$v"
        end
    end
    if test (count $found) -eq 0; and test (math "bitand($directive, 28)") -eq 0
        for f in (__fish_complete_path "$value")
            set -a found "$flag$f"
        end
    end

    # Fish adds no space after a candidate ending in one of @=/:., and not while two remain,
    # so a lone candidate gets a twin one character longer to honour "no space".
    if test (math "bitand($directive, 2)") -ne 0; and test (count $found) -eq 1
        set -l bare (string replace -r -- '\t.*' '' "$found[1]")
        string match -qr -- '[@=/:.,]$' "$bare"; or set -a found "$bare."
    end
    # Completions are registered with -k (keep order); sort unless asked not to.
    if test (math "bitand($directive, 32)") -eq 0; and test (count $found) -gt 1
        set found (printf '%s\n' $found | sort)
    end
    __{{VAR}}_trace "offered: $found"
    test (count $found) -gt 0; and printf '%s\n' $found
end

complete -c {{NAME}} -e
complete -c {{NAME}} -f -k -a '(__{{VAR}}_candidates)'
`;

const POWERSHELL = script`
# Rudder's PowerShell completion for {{NAME}}.
#
# Rudder's own script; it asks \`{{NAME}} {{COMP}}\` for candidates, the protocol Helm's (cobra's)
# completion also speaks, so \`helm\` users get the same behaviour. Load it with
#     {{NAME}} completion powershell | Out-String | Invoke-Expression
# Set $env:BASH_COMP_DEBUG_FILE to a file to trace requests.

function __{{VAR}}_trace([string] $Message) {
    if ($env:BASH_COMP_DEBUG_FILE) {
        $Message | Out-File -Append -Encoding utf8 -FilePath $env:BASH_COMP_DEBUG_FILE
    }
}

# Names under the current location that start with $Prefix, directories first-class.
function __{{VAR}}_paths([string] $Prefix, [scriptblock] $Keep) {
    $dir = Split-Path -Path $Prefix
    foreach ($item in @(Get-Item -Path "$Prefix*" -Force -ErrorAction Ignore)) {
        if (& $Keep $item) {
            $name = if ($dir) { Join-Path $dir $item.Name } else { $item.Name }
            if ($item.PSIsContainer) { $name += [IO.Path]::DirectorySeparatorChar }
            [pscustomobject]@{ Value = $name; Description = '' }
        }
    }
}

Register-ArgumentCompleter -Native -CommandName '{{NAME}}' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)

    # The words before the one under the cursor, unquoted where PowerShell parsed a plain string.
    $words = @($CommandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $CursorPosition } | ForEach-Object {
        if ($_ -is [System.Management.Automation.Language.StringConstantExpressionAst]) { $_.Value } else { $_.Extent.Text }
    })
    $prog = $words[0]
    $rest = @($words | Select-Object -Skip 1)
    # Before PowerShell 7.3 an empty argument vanishes on its way to a program unless quoted.
    $word = $WordToComplete
    if ($word -eq '' -and $PSNativeCommandArgumentPassing -notin 'Standard', 'Windows') { $word = '""' }
    __{{VAR}}_trace "request: $prog {{COMP}} $rest $word"

    $answer = @(& $prog '{{COMP}}' @rest $word 2>$null)
    $directive = 0
    if ($answer.Count -gt 0 -and $answer[-1] -match '^:(\d+)$') {
        $directive = [int] $Matches[1]
        $answer = @($answer | Select-Object -SkipLast 1)
    }
    __{{VAR}}_trace "directive $directive, answer: $($answer -join ', ')"
    if ($directive -band 1) { return }

    # PowerShell replaces the whole word, so for --flag=value keep the "--flag=".
    $flag = if ($WordToComplete -match '^(-[^=]*=)') { $Matches[1] } else { '' }
    $value = $WordToComplete.Substring($flag.Length)
    $values = @(foreach ($line in $answer) {
        if ($line -eq '' -or $line.StartsWith('_activeHelp_')) { continue }
        $parts = $line -split '\t', 2
        [pscustomobject]@{ Value = $parts[0]; Description = $(if ($parts.Count -gt 1) { $parts[1] } else { '' }) }
    })

    if ($directive -band 8) {
        # The values are extensions: offer directories and the files that have one of them.
        $exts = @($values.Value)
        $found = @(__{{VAR}}_paths $value { param($i) $i.PSIsContainer -or $exts -contains $i.Extension.TrimStart('.') })
    } elseif ($directive -band 16) {
        # Directories only; a value names the directory to look in.
        if ($values.Count -gt 0) { Push-Location -Path $values[0].Value -ErrorAction Ignore }
        try { $found = @(__{{VAR}}_paths $value { param($i) $i.PSIsContainer }) }
        finally { if ($values.Count -gt 0) { Pop-Location } }
    } else {
        $found = @($values | Where-Object { $_.Value.StartsWith($value, [StringComparison]::Ordinal) })
        if ($found.Count -eq 0) {
            # Nothing to offer: an empty string stops PowerShell's own file completion,
            # returning nothing lets it happen.
            if ($directive -band 4) { return '' }
            return
        }
    }
    if (-not ($directive -band 32)) { $found = @($found | Sort-Object -Property Value) }

    # A lone candidate completes the word, so it gets the space, unless asked not to.
    $space = if ($found.Count -eq 1 -and -not ($directive -band 2)) { ' ' } else { '' }
    foreach ($c in $found) {
        $text = $flag + $c.Value
        if ($text -match '\s') { $text = "'" + $text.Replace("'", "''") + "'" }
        $tip = if ($c.Description) { $c.Description } else { $c.Value }
        [System.Management.Automation.CompletionResult]::new($text + $space, $c.Value, 'ParameterValue', $tip)
    }
}
`;

export const SCRIPTS: Readonly<Record<Shell, string>> = {
  bash: BASH,
  zsh: ZSH,
  fish: FISH,
  powershell: POWERSHELL,
};
