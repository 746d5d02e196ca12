// printoracle: Helm's output printers as Helm v4.3.2 links them, for Rudder's differential tests.
// Reads a JSON array of cases on stdin and writes a JSON array of results:
//
//	{"kind":"uitable","rows":[["a","b"]],"maxColWidth":0,"wrap":false,"rightAlign":[1]}
//	{"kind":"selector","selector":"a in (b)","labels":{"a":"b"}}
//	{"kind":"kubetable","objects":[{...meta.k8s.io/v1 Table...}]}
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/gosuri/uitable"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/kubectl/pkg/cmd/get"
)

type testCase struct {
	Kind        string                   `json:"kind"`
	Rows        [][]string               `json:"rows"`
	MaxColWidth uint                     `json:"maxColWidth"`
	Wrap        bool                     `json:"wrap"`
	RightAlign  []int                    `json:"rightAlign"`
	Selector    string                   `json:"selector"`
	Labels      map[string]string        `json:"labels"`
	Objects     []map[string]interface{} `json:"objects"`
}

type result struct {
	Out string `json:"out"`
	Err string `json:"err,omitempty"`
}

func run(c testCase) result {
	switch c.Kind {
	case "uitable":
		t := uitable.New()
		t.MaxColWidth = c.MaxColWidth
		t.Wrap = c.Wrap
		for _, i := range c.RightAlign {
			t.RightAlign(i)
		}
		for _, r := range c.Rows {
			cells := make([]interface{}, len(r))
			for i, s := range r {
				cells[i] = s
			}
			t.AddRow(cells...)
		}
		return result{Out: t.String()}
	case "selector":
		sel, err := labels.Parse(c.Selector)
		if err != nil {
			return result{Err: err.Error()}
		}
		return result{Out: fmt.Sprint(sel.Matches(labels.Set(c.Labels)))}
	case "kubetable":
		// As pkg/cmd/status.go prints RESOURCES: one printer for all objects.
		buf := new(bytes.Buffer)
		typePrinter, _ := get.NewHumanPrintFlags().ToPrinter("")
		printer := &get.TablePrinter{Delegate: typePrinter}
		for _, o := range c.Objects {
			// The API server's JSON decodes to int64 and float64, as unstructured objects hold them.
			o = numbers(o).(map[string]interface{})
			if err := printer.PrintObj(&unstructured.Unstructured{Object: o}, buf); err != nil {
				fmt.Fprintf(buf, "failed to print object: %v\n", err)
			}
		}
		return result{Out: buf.String()}
	}
	return result{Err: "unknown kind " + c.Kind}
}

func numbers(v interface{}) interface{} {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case map[string]interface{}:
		for k, e := range x {
			x[k] = numbers(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = numbers(e)
		}
	}
	return v
}

func main() {
	var cases []testCase
	dec := json.NewDecoder(os.Stdin)
	dec.UseNumber()
	if err := dec.Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	out := make([]result, 0, len(cases))
	for _, c := range cases {
		out = append(out, run(c))
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
