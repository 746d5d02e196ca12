// alloc: allocates 1 MiB blocks and keeps them until memory runs out (stopped by memory.maxPages).
package main

import "github.com/extism/go-pdk"

var keep [][]byte

//go:wasmexport helm_plugin_main
func run() uint32 {
	for {
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = byte(i)
		}
		keep = append(keep, b)
		if len(keep) < 0 {
			break
		}
	}
	pdk.OutputString("{}")
	return 0
}

func main() {}
