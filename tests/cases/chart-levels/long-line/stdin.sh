# A valid bar, then a 2 MiB line, then a valid bar.
printf '{"type":"bar","symbol":"A","tf":"1m","t":0,"o":10,"h":11,"l":9,"c":10.5,"v":100}\n'
printf '{"pad":"%s"}\n' "$(head -c 2097152 /dev/zero | tr '\0' x)"
printf '{"type":"bar","symbol":"A","tf":"1m","t":60,"o":10,"h":11,"l":9,"c":10.5,"v":100}\n'
