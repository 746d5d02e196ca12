// label: a postrenderer/v1 plugin that adds metadata.labels to every document of the stream
// (key=value pairs from extraArgs, else the runtimeConfig.config "label"); text-based, it relies on
// the 2-space block style Helm's annotate-and-merge step writes.
package main

import (
	"errors"
	"strings"

	"github.com/extism/go-pdk"
)

type input struct {
	Manifests string   `json:"manifests"`
	ExtraArgs []string `json:"extraArgs"`
}

type output struct {
	Manifests string `json:"manifests"`
}

func labelDoc(doc string, labels [][2]string) string {
	lines := strings.Split(doc, "\n")
	out := make([]string, 0, len(lines)+len(labels)+1)
	inMeta, done := false, false
	var add []string
	for _, l := range labels {
		add = append(add, "    "+l[0]+": "+l[1])
	}
	for i, line := range lines {
		out = append(out, line)
		if done {
			continue
		}
		if line == "metadata:" {
			inMeta = true
			next := ""
			j := i + 1
			for ; j < len(lines) && strings.HasPrefix(lines[j], "  "); j++ {
				if lines[j] == "  labels:" {
					next = "labels"
				}
			}
			if next == "" {
				out = append(out, "  labels:")
				out = append(out, add...)
				done = true
			}
			continue
		}
		if inMeta && line == "  labels:" {
			out = append(out, add...)
			done = true
		}
	}
	return strings.Join(out, "\n")
}

//go:wasmexport helm_plugin_main
func run() uint32 {
	var in input
	if err := pdk.InputJSON(&in); err != nil {
		pdk.SetError(err)
		return 1
	}
	var labels [][2]string
	for _, a := range in.ExtraArgs {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			pdk.SetError(errors.New("label: arguments are key=value, got " + a))
			return 1
		}
		labels = append(labels, [2]string{k, v})
	}
	if len(labels) == 0 {
		if v, ok := pdk.GetConfig("label"); ok {
			k, val, _ := strings.Cut(v, "=")
			labels = append(labels, [2]string{k, val})
		}
	}
	pdk.Log(pdk.LogInfo, "label: adding labels")
	docs := strings.Split(in.Manifests, "\n---\n")
	for i, d := range docs {
		docs[i] = labelDoc(d, labels)
	}
	if err := pdk.OutputJSON(output{Manifests: strings.Join(docs, "\n---\n")}); err != nil {
		pdk.SetError(err)
		return 1
	}
	return 0
}

func main() {}
