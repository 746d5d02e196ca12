package main

// Fixture types and the fixed test FuncMap of the "go" mode. They are mirrored in TypeScript by
// test/support/fixtures.ts and test/support/testfuncs.ts: change both sides together and keep
// test/template/cases/README.md in step.

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// T is a struct with exported fields of several kinds, an unexported field, value-receiver
// methods (with and without arguments, variadic, (T, error) results, a panic) and one
// pointer-receiver method.
type T struct {
	Name   string
	Count  int
	Ratio  float64
	Big    int64
	Tags   []string
	Meta   map[string]any
	Inner  Inner
	Any    any
	secret string
}

func (t T) Hello() string { return "hello " + t.Name }
func (t T) Get(key string) string {
	s, _ := t.Meta[key].(string) // "" when missing or not a string
	return s
}
func (t T) Add(a, b int) int { return a + b }
func (t T) Join(sep string, parts ...string) string {
	return strings.Join(parts, sep)
}
func (t T) Fails() (string, error) { return "", errors.New("method failed") }
func (t T) Safe() (string, error)  { return "safe", nil }
func (t T) Panics() string         { panic("method panicked") }
func (t T) Self() T                { return t }
func (t T) Map() map[string]any    { return t.Meta }
func (t T) Nothing() any           { return nil }
func (t *T) Ptr() string           { return "ptr " + t.Name }

// Inner is a nested struct with a String method (so %v prints through it).
type Inner struct {
	X int
	S string
}

func (i Inner) String() string { return fmt.Sprintf("Inner(%d,%s)", i.X, i.S) }

// Plain is a struct without methods, so %v shows its fields.
type Plain struct {
	A int
	B string
	C []any
}

func testFuncs() map[string]any {
	return map[string]any{
		"fail":     func(msg string) (string, error) { return "", errors.New(msg) },
		"okErr":    func(s string) (string, error) { return s, nil },
		"panicky":  func(msg string) string { panic(msg) },
		"panicErr": func(msg string) string { panic(errors.New(msg)) },
		"typeName": func(v any) string { return fmt.Sprintf("%T", v) },
		"kindName": func(v any) string {
			if v == nil {
				return "invalid"
			}
			return reflect.ValueOf(v).Kind().String()
		},
		"echo":       func(v any) any { return v },
		"intArg":     func(n int) int { return n },
		"int64Arg":   func(n int64) int64 { return n },
		"uint64Arg":  func(n uint64) uint64 { return n },
		"uint8Arg":   func(n uint8) uint8 { return n },
		"floatArg":   func(f float64) float64 { return f },
		"strArg":     func(s string) string { return s },
		"boolArg":    func(b bool) bool { return b },
		"bytesArg":   func(b []byte) int { return len(b) },
		"complexArg": func(c complex128) complex128 { return c },
		"listArg":    func(l []any) int { return len(l) },
		"strListArg": func(l []string) string { return strings.Join(l, ",") },
		"mapArg":     func(m map[string]any) int { return len(m) },
		"strMapArg":  func(m map[string]string) int { return len(m) },
		"tArg":       func(t T) string { return t.Name },
		"variadicInts": func(xs ...int) int {
			s := 0
			for _, x := range xs {
				s += x
			}
			return s
		},
		"variadicStrs": func(prefix string, xs ...string) string { return prefix + strings.Join(xs, "+") },
		"anyVariadic": func(xs ...any) string {
			parts := make([]string, len(xs))
			for i, x := range xs {
				parts[i] = fmt.Sprintf("%T", x)
			}
			return strings.Join(parts, ",")
		},
		"twoArgs":  func(a string, b int) string { return fmt.Sprintf("%s=%d", a, b) },
		"dec":      func(n int) int { return n - 1 },
		"mkInt64":  func(n int) int64 { return int64(n) },
		"mkUint64": func(n int) uint64 { return uint64(n) },
		"mkFloat":  func(n int) float64 { return float64(n) },
		"returnsMap": func() map[string]any {
			return map[string]any{"a": 1, "b": "x", "nested": map[string]any{"c": true}, "nilv": nil}
		},
		"returnsStrMap":  func() map[string]string { return map[string]string{"k": "v"} },
		"returnsList":    func() []any { return []any{1, "two", 3.5, nil} },
		"returnsStrList": func() []string { return []string{"b", "a"} },
		"returnsNilList": func() []any { return nil },
		"returnsNilMap":  func() map[string]any { return nil },
		"returnsNil":     func() any { return nil },
		"returnsBytes":   func() []byte { return []byte("hi") },
		"returnsT": func() T {
			return T{Name: "made", Count: 2, Meta: map[string]any{"k": "v"}, Inner: Inner{X: 1, S: "i"}}
		},
		"returnsPtrT":   func() *T { return &T{Name: "ptr", Count: 3} },
		"returnsNilPtr": func() *T { return nil },
		"returnsFunc":   func() func(string) string { return strings.ToUpper },
		"returnsAdder": func() func(int, int) int {
			return func(a, b int) int { return a + b }
		},
		"returnsFailing": func() func() (string, error) {
			return func() (string, error) { return "", errors.New("inner failure") }
		},
	}
}

// funcValues are the test functions usable as data ({"$func": "name"}), e.g. for `call`.
func funcValue(name string) (any, bool) {
	f, ok := testFuncs()[name]
	return f, ok
}
