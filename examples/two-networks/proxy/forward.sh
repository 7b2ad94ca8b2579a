#!/bin/sh
# Run by `nc -ll -e` for each connection to the proxy: joins it to app's port 80. app's
# address is looked up per connection (busybox nslookup; busybox nc cannot resolve names in a
# bare busybox image), so a recreated app is found again.
addr=$(nslookup app 2>/dev/null | awk '/^Address/ && $2 !~ /:/ {a = $2} END {print a}')
[ -n "$addr" ] || exit 1
exec nc "$addr" 80
