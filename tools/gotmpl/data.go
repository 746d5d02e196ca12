package main

// The typed data encoding shared with test/support/oracle.ts (see test/template/cases/README.md).
// Plain JSON: null, bool, string as themselves; numbers as float64; arrays as []interface {};
// objects as map[string]interface {}. Objects with a "$…" tag carry an exact Go type.

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"helm.sh/helm/v4/pkg/chart/common"
)

func decodeValue(raw any) (any, error) {
	switch v := raw.(type) {
	case nil, bool, string:
		return v, nil
	case json.Number:
		return strconv.ParseFloat(string(v), 64)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			d, err := decodeValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = d
		}
		return out, nil
	case map[string]any:
		if tag, ok := findTag(v); ok {
			return decodeTagged(tag, v)
		}
		return decodeMap(v)
	}
	return nil, fmt.Errorf("unexpected JSON value %T", raw)
}

func findTag(m map[string]any) (string, bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if len(k) > 1 && k[0] == '$' && k != "$type" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", false
	}
	sort.Strings(keys)
	return keys[0], true
}

func decodeMap(m map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for k, e := range m {
		d, err := decodeValue(e)
		if err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, nil
}

func numText(raw any) (string, error) {
	switch n := raw.(type) {
	case json.Number:
		return string(n), nil
	case string:
		return n, nil
	}
	return "", fmt.Errorf("expected a number or numeric string, got %T", raw)
}

func decodeTagged(tag string, m map[string]any) (any, error) {
	payload := m[tag]
	typ, _ := m["$type"].(string)
	switch tag {
	case "$int", "$int8", "$int16", "$int32", "$int64", "$uint", "$uint8", "$uint16", "$uint32", "$uint64", "$uintptr":
		s, err := numText(payload)
		if err != nil {
			return nil, err
		}
		return decodeInt(tag[1:], s)
	case "$float":
		s, err := numText(payload)
		if err != nil {
			return nil, err
		}
		switch s {
		case "NaN":
			return math.NaN(), nil
		case "+Inf", "Inf":
			return math.Inf(1), nil
		case "-Inf":
			return math.Inf(-1), nil
		}
		return strconv.ParseFloat(s, 64)
	case "$complex":
		parts, ok := payload.([]any)
		if !ok || len(parts) != 2 {
			return nil, fmt.Errorf("$complex wants [re, im]")
		}
		re, err := decodeValue(parts[0])
		if err != nil {
			return nil, err
		}
		im, err := decodeValue(parts[1])
		if err != nil {
			return nil, err
		}
		rf, ok1 := re.(float64)
		imf, ok2 := im.(float64)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("$complex parts must be numbers")
		}
		return complex(rf, imf), nil
	case "$bytes":
		s, ok := payload.(string)
		if !ok {
			return nil, fmt.Errorf("$bytes wants a string")
		}
		return []byte(s), nil
	case "$duration":
		switch p := payload.(type) {
		case string:
			return time.ParseDuration(p)
		case json.Number:
			n, err := strconv.ParseInt(string(p), 10, 64)
			return time.Duration(n), err
		}
		return nil, fmt.Errorf("$duration wants a string or nanoseconds")
	case "$func":
		name, _ := payload.(string)
		f, ok := funcValue(name)
		if !ok {
			return nil, fmt.Errorf("unknown $func %q", name)
		}
		return f, nil
	case "$list":
		items, ok := payload.([]any)
		if !ok {
			return nil, fmt.Errorf("$list wants an array")
		}
		if typ == "" {
			typ = "[]interface {}"
		}
		return decodeList(typ, items)
	case "$map":
		obj, ok := payload.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$map wants an object")
		}
		if typ == "" {
			typ = "map[string]interface {}"
		}
		return decodeTypedMap(typ, obj)
	case "$nil":
		t, _ := payload.(string)
		switch t {
		case "[]interface {}":
			return []any(nil), nil
		case "[]string":
			return []string(nil), nil
		case "[]int":
			return []int(nil), nil
		case "[]uint8":
			return []byte(nil), nil
		case "map[string]interface {}":
			return map[string]any(nil), nil
		case "map[string]string":
			return map[string]string(nil), nil
		case "common.Values":
			return common.Values(nil), nil
		}
		return nil, fmt.Errorf("unsupported $nil type %q", t)
	case "$T", "$ptrT":
		if payload == nil && tag == "$ptrT" {
			return (*T)(nil), nil
		}
		obj, ok := payload.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s wants an object", tag)
		}
		t, err := decodeT(obj)
		if err != nil {
			return nil, err
		}
		if tag == "$ptrT" {
			return &t, nil
		}
		return t, nil
	case "$caps", "$kubeVersion", "$versionSet":
		return decodeHelmObject(tag, payload)
	case "$Inner":
		obj, ok := payload.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$Inner wants an object")
		}
		return decodeInner(obj)
	case "$Plain":
		obj, ok := payload.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$Plain wants an object")
		}
		p := Plain{}
		for k, raw := range obj {
			d, err := decodeValue(raw)
			if err != nil {
				return nil, err
			}
			switch k {
			case "A":
				p.A, ok = d.(int)
			case "B":
				p.B, ok = d.(string)
			case "C":
				p.C, ok = d.([]any)
			default:
				return nil, fmt.Errorf("Plain has no field %s", k)
			}
			if !ok {
				return nil, fmt.Errorf("Plain.%s: wrong type %T", k, d)
			}
		}
		return p, nil
	}
	return nil, fmt.Errorf("unknown tag %s", tag)
}

func decodeInt(kind, s string) (any, error) {
	switch kind {
	case "int":
		n, err := strconv.ParseInt(s, 0, 64)
		return int(n), err
	case "int8":
		n, err := strconv.ParseInt(s, 0, 8)
		return int8(n), err
	case "int16":
		n, err := strconv.ParseInt(s, 0, 16)
		return int16(n), err
	case "int32":
		n, err := strconv.ParseInt(s, 0, 32)
		return int32(n), err
	case "int64":
		n, err := strconv.ParseInt(s, 0, 64)
		return n, err
	case "uint":
		n, err := strconv.ParseUint(s, 0, 64)
		return uint(n), err
	case "uint8":
		n, err := strconv.ParseUint(s, 0, 8)
		return uint8(n), err
	case "uint16":
		n, err := strconv.ParseUint(s, 0, 16)
		return uint16(n), err
	case "uint32":
		n, err := strconv.ParseUint(s, 0, 32)
		return uint32(n), err
	case "uint64":
		n, err := strconv.ParseUint(s, 0, 64)
		return n, err
	case "uintptr":
		n, err := strconv.ParseUint(s, 0, 64)
		return uintptr(n), err
	}
	return nil, fmt.Errorf("unknown int kind %s", kind)
}

func decodeList(typ string, items []any) (any, error) {
	vals := make([]any, len(items))
	for i, e := range items {
		d, err := decodeValue(e)
		if err != nil {
			return nil, err
		}
		vals[i] = d
	}
	switch typ {
	case "[]interface {}":
		return vals, nil
	case "[]string":
		out := make([]string, len(vals))
		for i, v := range vals {
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("[]string element %d is %T", i, v)
			}
			out[i] = s
		}
		return out, nil
	case "[]int":
		out := make([]int, len(vals))
		for i, v := range vals {
			n, ok := asInt(v)
			if !ok {
				return nil, fmt.Errorf("[]int element %d is %T", i, v)
			}
			out[i] = n
		}
		return out, nil
	case "[]int64":
		out := make([]int64, len(vals))
		for i, v := range vals {
			n, ok := v.(int64)
			if !ok {
				f, isF := v.(float64)
				if !isF || f != math.Trunc(f) {
					return nil, fmt.Errorf("[]int64 element %d is %T", i, v)
				}
				n = int64(f)
			}
			out[i] = n
		}
		return out, nil
	case "[]float64":
		out := make([]float64, len(vals))
		for i, v := range vals {
			f, ok := v.(float64)
			if !ok {
				return nil, fmt.Errorf("[]float64 element %d is %T", i, v)
			}
			out[i] = f
		}
		return out, nil
	case "[]bool":
		out := make([]bool, len(vals))
		for i, v := range vals {
			b, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("[]bool element %d is %T", i, v)
			}
			out[i] = b
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported list type %q", typ)
}

// asInt accepts an int, or a plain JSON number (float64) with an integral value.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case float64:
		if n == math.Trunc(n) {
			return int(n), true
		}
	}
	return 0, false
}

func decodeTypedMap(typ string, obj map[string]any) (any, error) {
	vals, err := decodeMap(obj)
	if err != nil {
		return nil, err
	}
	switch typ {
	case "map[string]interface {}":
		return vals, nil
	case "common.Values":
		return common.Values(vals), nil
	case "map[string]string":
		out := make(map[string]string, len(vals))
		for k, v := range vals {
			s, ok := v.(string)
			if !ok {
				return nil, fmt.Errorf("map[string]string value %q is %T", k, v)
			}
			out[k] = s
		}
		return out, nil
	case "map[string]int":
		out := make(map[string]int, len(vals))
		for k, v := range vals {
			n, ok := asInt(v)
			if !ok {
				return nil, fmt.Errorf("map[string]int value %q is %T", k, v)
			}
			out[k] = n
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported map type %q", typ)
}

func decodeInner(obj map[string]any) (Inner, error) {
	in := Inner{}
	for k, raw := range obj {
		d, err := decodeValue(raw)
		if err != nil {
			return in, err
		}
		ok := false
		switch k {
		case "X":
			in.X, ok = asInt(d)
		case "S":
			in.S, ok = d.(string)
		default:
			return in, fmt.Errorf("Inner has no field %s", k)
		}
		if !ok {
			return in, fmt.Errorf("Inner.%s: wrong type %T", k, d)
		}
	}
	return in, nil
}

func decodeT(obj map[string]any) (T, error) {
	t := T{}
	for k, raw := range obj {
		var d any
		var err error
		if k == "Inner" {
			m, ok := raw.(map[string]any)
			if !ok {
				return t, fmt.Errorf("T.Inner wants an object")
			}
			if t.Inner, err = decodeInner(m); err != nil {
				return t, err
			}
			continue
		}
		if d, err = decodeValue(raw); err != nil {
			return t, err
		}
		ok := false
		switch k {
		case "Name":
			t.Name, ok = d.(string)
		case "Count":
			t.Count, ok = asInt(d)
		case "Ratio":
			t.Ratio, ok = d.(float64)
		case "Big":
			if f, isF := d.(float64); isF {
				t.Big, ok = int64(f), f == math.Trunc(f)
			} else {
				t.Big, ok = d.(int64)
			}
		case "Tags":
			if l, isL := d.([]any); isL {
				tags := make([]string, len(l))
				ok = true
				for i, e := range l {
					s, isS := e.(string)
					ok = ok && isS
					tags[i] = s
				}
				t.Tags = tags
			} else {
				t.Tags, ok = d.([]string)
			}
		case "Meta":
			t.Meta, ok = d.(map[string]any)
		case "Any":
			t.Any, ok = d, true
		case "secret":
			t.secret, ok = d.(string)
		default:
			return t, fmt.Errorf("T has no field %s", k)
		}
		if !ok {
			return t, fmt.Errorf("T.%s: wrong type %T", k, d)
		}
	}
	return t, nil
}
