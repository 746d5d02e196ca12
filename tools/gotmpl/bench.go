package main

// gotmpl bench: times parsing and executing a template set, for bench/*.bench.ts.
//
//	gotmpl bench < {"mode":"go","templates":[["name","text"],…],"execute":["name",…],"data":…,"iterations":N}
//	> {"parseNs": ns per parse of the whole set, "execNs": ns per execution of all entries, "out": first output}

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"time"
)

type benchReq struct {
	Mode       string          `json:"mode"`
	Templates  [][2]string     `json:"templates"`
	Execute    []string        `json:"execute"`
	Data       json.RawMessage `json:"data"`
	Iterations int             `json:"iterations"`
}

func parseSet(req benchReq) (*template.Template, error) {
	t := template.New("gotpl")
	if req.Mode == "helm" {
		installHelmFuncs(t)
	} else {
		t.Funcs(testFuncs())
	}
	t.Option("missingkey=zero")
	for _, p := range req.Templates {
		if _, err := t.New(p[0]).Parse(p[1]); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func runBench() error {
	var req benchReq
	if err := json.NewDecoder(bufio.NewReader(os.Stdin)).Decode(&req); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(req.Data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	data, err := decodeValue(raw)
	if err != nil {
		return err
	}
	if req.Iterations < 1 {
		req.Iterations = 1
	}
	start := time.Now()
	var t *template.Template
	for i := 0; i < req.Iterations; i++ {
		if t, err = parseSet(req); err != nil {
			return err
		}
	}
	parseNs := time.Since(start).Nanoseconds() / int64(req.Iterations)
	var first strings.Builder
	start = time.Now()
	for i := 0; i < req.Iterations; i++ {
		for _, name := range req.Execute {
			var buf strings.Builder
			if err := t.ExecuteTemplate(&buf, name, data); err != nil {
				return err
			}
			if i == 0 {
				first.WriteString(buf.String())
			}
		}
	}
	execNs := time.Since(start).Nanoseconds() / int64(req.Iterations)
	return json.NewEncoder(os.Stdout).Encode(map[string]any{"parseNs": parseNs, "execNs": execNs, "out": first.String()})
}

func init() {
	if len(os.Args) > 1 && os.Args[1] == "bench" {
		if err := runBench(); err != nil {
			fmt.Fprintln(os.Stderr, "gotmpl bench:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
}
