// getter: a getter/v1 plugin that makes a chart archive for hrefs like
// wasm://anything/NAME-VERSION.tgz (a ConfigMap template recording the href, the protocol and the
// runtimeConfig.config "greeting"); the archive is deterministic (fixed times and modes).
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"path"
	"regexp"
	"time"

	"github.com/extism/go-pdk"
)

type options struct {
	URL      string
	Username string
	Version  string
}

type input struct {
	Href     string  `json:"href"`
	Protocol string  `json:"protocol"`
	Options  options `json:"options"`
}

type output struct {
	Data []byte `json:"data"`
}

var archiveName = regexp.MustCompile(`^([a-z0-9-]+?)-([0-9]+\.[0-9]+\.[0-9]+)\.tgz$`)

func chart(name, version, href, protocol, greeting string) ([]byte, error) {
	var buf bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	tw := tar.NewWriter(gz)
	files := []struct{ name, body string }{
		{"Chart.yaml", fmt.Sprintf("apiVersion: v2\nname: %s\nversion: %s\ndescription: made by the wasm getter\n", name, version)},
		{"values.yaml", "greeting: hello\n"},
		{"templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-fetched\ndata:\n" +
			fmt.Sprintf("  href: %q\n  protocol: %q\n  configGreeting: %q\n", href, protocol, greeting) +
			"  valuesGreeting: {{ .Values.greeting | quote }}\n"},
	}
	mtime := time.Unix(1700000000, 0)
	for _, f := range files {
		hdr := &tar.Header{Name: name + "/" + f.name, Mode: 0o644, Size: int64(len(f.body)), ModTime: mtime, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

//go:wasmexport helm_plugin_main
func run() uint32 {
	var in input
	if err := pdk.InputJSON(&in); err != nil {
		pdk.SetError(err)
		return 1
	}
	m := archiveName.FindStringSubmatch(path.Base(in.Href))
	if m == nil {
		pdk.SetError(fmt.Errorf("no chart at %s", in.Href))
		return 1
	}
	greeting, _ := pdk.GetConfig("greeting")
	data, err := chart(m[1], m[2], in.Href, in.Protocol, greeting)
	if err != nil {
		pdk.SetError(err)
		return 1
	}
	if err := pdk.OutputJSON(output{Data: data}); err != nil {
		pdk.SetError(err)
		return 1
	}
	return 0
}

func main() {}
