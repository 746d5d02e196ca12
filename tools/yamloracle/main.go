// yamloracle runs YAML/JSON cases through the Go libraries Helm v4.3.2 uses and prints the
// results, so Rudder's TypeScript port can be compared with them byte for byte.
//
// Input (stdin): a JSON array of {"op": string, "in": typed value or text}.
// Output (stdout): a JSON array of {"out": string} | {"value": typed} | {"err": string}.
//
// Typed values: JSON null/bool/string as is; a JSON number is float64; arrays are
// []interface{}; objects are map[string]interface{} unless they carry one of these tags:
//
//	{"$f": "NaN"|"+Inf"|"-0"|"1e5"}        float64 from text
//	{"$i": "5", "k": "int64"}               integer of a kind
//	{"$b": "<base64>"}                       []byte
//	{"$l": [...], "e": "string", "nil": true} slice with element type (interface {}, string, int)
//	{"$m": {...}|null, "e": "string"}        map[string]T (null: nil map)
//	{"$s": [["Name", value], ...]}           struct with exported interface{} fields
//	{"$t": "2006-01-02T15:04:05Z"}           time.Time (RFC3339Nano)
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/Masterminds/sprig/v3"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"sigs.k8s.io/yaml"
	goYaml "sigs.k8s.io/yaml/goyaml.v3"
)

type testCase struct {
	Op string          `json:"op"`
	In json.RawMessage `json:"in"`
}

type result struct {
	Out   *string `json:"out,omitempty"`
	Value any     `json:"value,omitempty"`
	IsNil bool    `json:"isNil,omitempty"`
	Err   *string `json:"err,omitempty"`
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var cases []testCase
	if err := json.Unmarshal(data, &cases); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(1)
	}
	results := make([]result, len(cases))
	for i, c := range cases {
		results[i] = run(c)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func errResult(msg string) result { return result{Err: &msg} }
func outResult(s string) result   { return result{Out: &s} }
func valueResult(v any) result {
	if v == nil {
		return result{IsNil: true}
	}
	return result{Value: encodeTyped(v)}
}

func run(c testCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = errResult(fmt.Sprint(r))
		}
	}()
	text := func() string {
		var s string
		if err := json.Unmarshal(c.In, &s); err != nil {
			panic("input must be a string: " + err.Error())
		}
		return s
	}
	switch c.Op {
	case "toYaml", "mustToYaml":
		v := decodeTyped(c.In)
		data, err := yaml.Marshal(v)
		if err != nil {
			if c.Op == "toYaml" {
				return outResult("")
			}
			return errResult(err.Error())
		}
		return outResult(strings.TrimSuffix(string(data), "\n"))
	case "toYamlPretty":
		v := decodeTyped(c.In)
		var buf bytes.Buffer
		enc := goYaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return outResult("")
		}
		return outResult(strings.TrimSuffix(buf.String(), "\n"))
	case "toJson", "mustToJson":
		data, err := json.Marshal(decodeTyped(c.In))
		if err != nil {
			if c.Op == "toJson" {
				return outResult("")
			}
			return errResult(err.Error())
		}
		return outResult(string(data))
	case "toRawJson", "toPrettyJson":
		return sprigString(c.Op, decodeTyped(c.In))
	case "fromYaml":
		m := map[string]any{}
		if err := yaml.Unmarshal([]byte(text()), &m); err != nil {
			m["Error"] = err.Error()
		}
		return valueResult(m)
	case "fromYamlArray":
		a := []any{}
		if err := yaml.Unmarshal([]byte(text()), &a); err != nil {
			a = []any{err.Error()}
		}
		return valueResult(a)
	case "fromJson":
		m := map[string]any{}
		if err := json.Unmarshal([]byte(text()), &m); err != nil {
			m["Error"] = err.Error()
		}
		return valueResult(m)
	case "fromJsonArray":
		a := []any{}
		if err := json.Unmarshal([]byte(text()), &a); err != nil {
			a = []any{err.Error()}
		}
		return valueResult(a)
	case "yamlUnmarshal":
		var v any
		if err := yaml.Unmarshal([]byte(text()), &v); err != nil {
			return errResult(err.Error())
		}
		return valueResult(v)
	case "jsonUnmarshal":
		var v any
		if err := json.Unmarshal([]byte(text()), &v); err != nil {
			return errResult(err.Error())
		}
		return valueResult(v)
	case "jsonDecode":
		// json.Decoder.Decode of the first value; out is InputOffset in bytes.
		dec := json.NewDecoder(strings.NewReader(text()))
		var v any
		if err := dec.Decode(&v); err != nil {
			return errResult(err.Error())
		}
		res := valueResult(v)
		off := strconv.FormatInt(dec.InputOffset(), 10)
		res.Out = &off
		return res
	case "stringFields":
		// A struct target with string fields, as Chart.yaml's metadata has.
		var t struct {
			S string            `json:"s"`
			L []string          `json:"l"`
			M map[string]string `json:"m"`
		}
		if err := yaml.Unmarshal([]byte(text()), &t); err != nil {
			return errResult(err.Error())
		}
		m := map[string]any{"s": t.S}
		if t.L != nil {
			l := make([]any, len(t.L))
			for i, x := range t.L {
				l[i] = x
			}
			m["l"] = l
		}
		if t.M != nil {
			mm := map[string]any{}
			for k, x := range t.M {
				mm[k] = x
			}
			m["m"] = mm
		}
		return valueResult(m)
	case "loadValues":
		v, err := loader.LoadValues(strings.NewReader(text()))
		if err != nil {
			return errResult(err.Error())
		}
		return valueResult(v)
	}
	return errResult("unknown op " + c.Op)
}

// sprigString calls a Sprig function by name, as templates do.
func sprigString(name string, v any) result {
	fn := sprig.TxtFuncMap()[name]
	out := reflect.ValueOf(fn).Call([]reflect.Value{reflect.ValueOf(&v).Elem()})
	return outResult(out[0].String())
}

func decodeTyped(raw json.RawMessage) any {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		panic("bad typed value: " + err.Error())
	}
	return fromTyped(v)
}

func fromTyped(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			panic(err)
		}
		return f
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = fromTyped(x)
		}
		return out
	case map[string]any:
		if s, ok := t["$f"].(string); ok {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil && s != "NaN" {
				panic(err)
			}
			return f
		}
		if s, ok := t["$i"].(string); ok {
			return typedInt(s, str(t["k"], "int"))
		}
		if s, ok := t["$b"].(string); ok {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				panic(err)
			}
			return b
		}
		if s, ok := t["$t"].(string); ok {
			tm, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				panic(err)
			}
			return tm
		}
		if l, ok := t["$l"]; ok {
			return typedList(l, str(t["e"], "interface {}"), t["nil"] == true)
		}
		if m, ok := t["$m"]; ok {
			return typedMap(m, str(t["e"], "interface {}"))
		}
		if fs, ok := t["$s"].([]any); ok {
			return typedStruct(fs)
		}
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = fromTyped(x)
		}
		return out
	}
	return v
}

func str(v any, def string) string {
	if s, ok := v.(string); ok {
		return s
	}
	return def
}

func typedInt(s, kind string) any {
	if strings.HasPrefix(kind, "uint") {
		u, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			panic(err)
		}
		switch kind {
		case "uint8":
			return uint8(u)
		case "uint16":
			return uint16(u)
		case "uint32":
			return uint32(u)
		case "uint":
			return uint(u)
		}
		return u
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	switch kind {
	case "int8":
		return int8(n)
	case "int16":
		return int16(n)
	case "int32":
		return int32(n)
	case "int64":
		return n
	}
	return int(n)
}

func typedList(l any, elem string, isNil bool) any {
	items, _ := l.([]any)
	switch elem {
	case "string":
		if isNil {
			return []string(nil)
		}
		out := make([]string, len(items))
		for i, x := range items {
			out[i] = x.(string)
		}
		return out
	case "int":
		if isNil {
			return []int(nil)
		}
		out := make([]int, len(items))
		for i, x := range items {
			out[i] = fromTyped(x).(int)
		}
		return out
	}
	if isNil {
		return []any(nil)
	}
	out := make([]any, len(items))
	for i, x := range items {
		out[i] = fromTyped(x)
	}
	return out
}

func typedMap(m any, elem string) any {
	obj, _ := m.(map[string]any)
	if elem == "string" {
		if obj == nil {
			return map[string]string(nil)
		}
		out := make(map[string]string, len(obj))
		for k, x := range obj {
			out[k] = x.(string)
		}
		return out
	}
	if obj == nil {
		return map[string]any(nil)
	}
	out := make(map[string]any, len(obj))
	for k, x := range obj {
		out[k] = fromTyped(x)
	}
	return out
}

func typedStruct(fs []any) any {
	fields := make([]reflect.StructField, len(fs))
	values := make([]any, len(fs))
	for i, f := range fs {
		pair := f.([]any)
		fields[i] = reflect.StructField{Name: pair[0].(string), Type: reflect.TypeOf((*any)(nil)).Elem()}
		values[i] = fromTyped(pair[1])
	}
	sv := reflect.New(reflect.StructOf(fields)).Elem()
	for i, v := range values {
		if v != nil {
			sv.Field(i).Set(reflect.ValueOf(v))
		}
	}
	return sv.Interface()
}

// encodeTyped turns a decoded Go value into the typed JSON form above.
func encodeTyped(v any) any {
	switch t := v.(type) {
	case nil, bool, string:
		return t
	case float64:
		return map[string]any{"$f": strconv.FormatFloat(t, 'g', -1, 64)}
	case int:
		return map[string]any{"$i": strconv.Itoa(t), "k": "int"}
	case int64:
		return map[string]any{"$i": strconv.FormatInt(t, 10), "k": "int64"}
	case uint64:
		return map[string]any{"$i": strconv.FormatUint(t, 10), "k": "uint64"}
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = encodeTyped(x)
		}
		return map[string]any{"$l": out}
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[k] = encodeTyped(x)
		}
		return map[string]any{"$m": out}
	}
	return map[string]any{"$other": fmt.Sprintf("%T %v", v, v)}
}
