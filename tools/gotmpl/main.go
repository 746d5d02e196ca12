// Command gotmpl is Rudder's Go oracle for the template engine: it runs a batch of cases
// through Go's text/template (mode "go": a fixed test FuncMap; mode "helm": Helm v4.3.2's
// FuncMap) and prints each case's output, error text or panic.
//
//	gotmpl run        < {"cases":[…]}   > {"results":[…]}
//	gotmpl funcnames  (Helm's template function names, sorted, one per line)
//	gotmpl version
//
// The case and data encodings are described in test/template/cases/README.md.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"
	"text/template"
	"unicode/utf8"
)

type tplCase struct {
	Name       string          `json:"name"`
	Mode       string          `json:"mode"`
	TName      string          `json:"tname"`
	Tpl        string          `json:"tpl"`
	Also       [][2]string     `json:"also"`
	Exec       *string         `json:"exec"`
	MissingKey *string         `json:"missingkey"`
	Data       json.RawMessage `json:"data"`
}

type result struct {
	Out         *string `json:"out,omitempty"`
	Err         *string `json:"err,omitempty"`
	Panic       *string `json:"panic,omitempty"`
	Bad         *string `json:"bad,omitempty"`
	InvalidUTF8 bool    `json:"invalidUTF8,omitempty"`
	// The exact bytes of out or err (base64) when they are not valid UTF-8, which JSON cannot carry.
	OutBytes []byte `json:"outBytes,omitempty"`
	ErrBytes []byte `json:"errBytes,omitempty"`
}

// withBytes records the raw bytes of a result whose text is not valid UTF-8.
func withBytes(r result) result {
	if r.Out != nil && !utf8.ValidString(*r.Out) {
		r.OutBytes = []byte(*r.Out)
	}
	if r.Err != nil && !utf8.ValidString(*r.Err) {
		r.ErrBytes = []byte(*r.Err)
	}
	if r.Panic != nil && !utf8.ValidString(*r.Panic) {
		r.ErrBytes = []byte(*r.Panic)
	}
	return r
}

func str(s string) *string { return &s }

func runCase(c tplCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{Panic: str(fmt.Sprint(r))}
		}
	}()
	var data any
	if len(c.Data) > 0 {
		dec := json.NewDecoder(bytes.NewReader(c.Data))
		dec.UseNumber()
		var raw any
		if err := dec.Decode(&raw); err != nil {
			return result{Bad: str("data: " + err.Error())}
		}
		d, err := decodeValue(raw)
		if err != nil {
			return result{Bad: str("data: " + err.Error())}
		}
		data = d
	}
	name := c.TName
	if name == "" {
		name = "tpl"
	}
	t := template.New(name)
	switch c.Mode {
	case "", "go":
		t.Funcs(testFuncs())
	case "helm":
		installHelmFuncs(t)
	default:
		return result{Bad: str("unknown mode " + c.Mode)}
	}
	if c.MissingKey != nil {
		t.Option("missingkey=" + *c.MissingKey)
	}
	if _, err := t.Parse(c.Tpl); err != nil {
		return result{Err: str(err.Error())}
	}
	for _, a := range c.Also {
		if _, err := t.New(a[0]).Parse(a[1]); err != nil {
			return result{Err: str(err.Error())}
		}
	}
	var buf strings.Builder
	var err error
	if c.Exec != nil {
		err = t.ExecuteTemplate(&buf, *c.Exec, data)
	} else {
		err = t.Execute(&buf, data)
	}
	if err != nil {
		return result{Err: str(err.Error())}
	}
	out := buf.String()
	return result{Out: &out, InvalidUTF8: !utf8.ValidString(out)}
}

func main() {
	cmd := "run"
	if len(os.Args) > 1 {
		cmd = os.Args[1]
	}
	switch cmd {
	case "run":
		var req struct {
			Cases []tplCase `json:"cases"`
		}
		if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&req); err != nil {
			fmt.Fprintln(os.Stderr, "gotmpl: bad request:", err)
			os.Exit(2)
		}
		results := make([]result, len(req.Cases))
		for i, c := range req.Cases {
			results[i] = withBytes(runCase(c))
		}
		w := bufio.NewWriter(os.Stdout)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"results": results}); err != nil {
			fmt.Fprintln(os.Stderr, "gotmpl:", err)
			os.Exit(2)
		}
		w.Flush()
	case "funcnames":
		for _, n := range helmFuncNames() {
			fmt.Println(n)
		}
	case "version":
		fmt.Println(runtime.Version())
	default:
		fmt.Fprintln(os.Stderr, "usage: gotmpl run|funcnames|version")
		os.Exit(2)
	}
}
