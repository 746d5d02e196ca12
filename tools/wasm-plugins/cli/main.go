// cli: a cli/v1 plugin that prints its arguments, a few HELM_* variables and its stdin to stdout,
// a line to stderr, and fails on request: `fail N` returns N, `error TEXT` sets an error;
// `http URL` fetches through the host, `var V` stores and reads back an Extism var, `raw TEXT`
// replies TEXT instead of JSON.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/extism/go-pdk"
)

type input struct {
	ExtraArgs []string `json:"extraArgs"`
}

//go:wasmexport helm_plugin_main
func run() uint32 {
	var in input
	if err := pdk.InputJSON(&in); err != nil {
		pdk.SetError(err)
		return 1
	}
	args := in.ExtraArgs
	fmt.Printf("args: %s\n", strings.Join(args, " "))
	for _, k := range []string{"HELM_NAMESPACE", "HELM_DEBUG", "HELM_PLUGINS", "HELM_PLUGIN_NAME", "RUDDER_WASM_TEST"} {
		fmt.Printf("%s=%s\n", k, os.Getenv(k))
	}
	fmt.Fprintln(os.Stderr, "cli plugin: to stderr")
	if len(args) >= 1 && args[0] == "stdin" {
		b, _ := io.ReadAll(os.Stdin)
		fmt.Printf("stdin: %q\n", string(b))
	}
	if len(args) >= 2 && args[0] == "fail" {
		n, _ := strconv.Atoi(args[1])
		return uint32(n)
	}
	if len(args) >= 2 && args[0] == "error" {
		pdk.SetError(errors.New(strings.Join(args[1:], " ")))
		return 1
	}
	if len(args) >= 2 && args[0] == "http" {
		res := pdk.NewHTTPRequest(pdk.MethodGet, args[1]).SetHeader("X-Plugin", "cli").Send()
		fmt.Printf("status: %d\nbody: %s\n", res.Status(), string(res.Body()))
	}
	if len(args) >= 2 && args[0] == "var" {
		pdk.SetVar("k", []byte(args[1]))
		fmt.Printf("var: %s\n", string(pdk.GetVar("k")))
	}
	if len(args) >= 1 && args[0] == "panic" {
		panic("cli plugin panics")
	}
	if len(args) >= 2 && args[0] == "raw" {
		pdk.OutputString(strings.Join(args[1:], " "))
		return 0
	}
	pdk.OutputString("{}")
	return 0
}

func main() {}
