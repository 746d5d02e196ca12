// readfile: reads the file named by its first argument (cli/v1 extraArgs, or config "path")
// and prints its size; /tmp/... works only when the host maps a temp dir there.
package main

import (
	"fmt"
	"os"

	"github.com/extism/go-pdk"
)

type input struct {
	ExtraArgs []string `json:"extraArgs"`
}

//go:wasmexport helm_plugin_main
func run() uint32 {
	var in input
	_ = pdk.InputJSON(&in)
	path, _ := pdk.GetConfig("path")
	if len(in.ExtraArgs) > 0 {
		path = in.ExtraArgs[0]
	}
	if path == "/tmp/probe" {
		if err := os.WriteFile(path, []byte("written inside\n"), 0o644); err != nil {
			pdk.SetError(err)
			return 1
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		pdk.SetError(err)
		return 1
	}
	fmt.Printf("read %d bytes from %s\n", len(b), path)
	pdk.OutputString("{}")
	return 0
}

func main() {}
