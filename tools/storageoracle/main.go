// The storage oracle: Helm v4.3.2's release record codec (pkg/storage/driver/util.go, copied here
// because it is unexported) applied to test inputs. Reads a JSON array of cases on stdin, writes a
// JSON array of results: the error text, or the record re-marshalled and re-encoded.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"io"
	"os"

	rspb "helm.sh/helm/v4/pkg/release/v1"
	"sigs.k8s.io/yaml"
)

type testCase struct {
	Name string `json:"name"`
	// Input is the stored `release` string (what data.release or the SQL body holds).
	Input string `json:"input"`
	// Yaml, when set, is a HELM_MEMORY_DRIVER_DATA file instead.
	Yaml string `json:"yaml,omitempty"`
}

type result struct {
	Name    string   `json:"name"`
	Err     string   `json:"err,omitempty"`
	JSON    string   `json:"json,omitempty"`
	Encoded string   `json:"encoded,omitempty"`
	Records []string `json:"records,omitempty"`
}

var magicGzip = []byte{0x1f, 0x8b, 0x08}

func encodeRelease(rls *rspb.Release) (string, error) {
	b, err := json.Marshal(rls)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err = w.Write(b); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

func decodeRelease(data string) (*rspb.Release, error) {
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return nil, err
	}
	if len(b) > 3 && bytes.Equal(b[0:3], magicGzip) {
		r, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		defer r.Close()
		b2, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		b = b2
	}
	var rls rspb.Release
	if err := json.Unmarshal(b, &rls); err != nil {
		return nil, err
	}
	return &rls, nil
}

func run(c testCase) (res result) {
	res.Name = c.Name
	defer func() {
		if p := recover(); p != nil {
			res.Err = "panic"
		}
	}()
	if c.Yaml != "" {
		releases := []*rspb.Release{}
		if err := yaml.Unmarshal([]byte(c.Yaml), &releases); err != nil {
			res.Err = err.Error()
			return
		}
		for _, r := range releases {
			b, err := json.Marshal(r)
			if err != nil {
				res.Err = err.Error()
				return
			}
			res.Records = append(res.Records, string(b))
		}
		return
	}
	rls, err := decodeRelease(c.Input)
	if err != nil {
		res.Err = err.Error()
		return
	}
	b, err := json.Marshal(rls)
	if err != nil {
		res.Err = err.Error()
		return
	}
	res.JSON = string(b)
	if res.Encoded, err = encodeRelease(rls); err != nil {
		res.Err = err.Error()
	}
	return
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(2)
	}
	out := make([]result, 0, len(cases))
	for _, c := range cases {
		out = append(out, run(c))
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		os.Exit(1)
	}
}
