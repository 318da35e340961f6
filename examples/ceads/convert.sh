#!/bin/sh
# Convert the CEADs CSV copies in this directory into tsdb JSONL facts.
#   co2_provinces.jsonl  <- ceads_province_co2_emissions.csv (30 provinces, 1998-2019)
#   co2_national.jsonl   <- ceads_national_co2_emissions.csv (CN, 1997-2019)
# One source line, then one fact per CSV row: indicator co2_emissions (tonnes CO2),
# region = actor_id, period = year, value = total_emissions (integer), note = emissions_id.
# POSIX sh + awk only. Run from anywhere: sh examples/ceads/convert.sh
set -eu
cd "$(dirname "$0")"
LC_ALL=C
export LC_ALL

SOURCE_ID=ceads-guan-2021
VINTAGE=2025-02-16   # date of the OpenClimate commit the CSVs were copied from (822037b7)

source_line() {
  printf '%s\n' '{"type":"source","id":"'"$SOURCE_ID"'","title":"CEADs CO2 emission inventories (IPCC sectoral approach), China national 1997-2019 and 30 provinces 1998-2019. Cite: Guan, Y., Shan, Y., Huang, Q., Chen, H., Wang, D., & Hubacek, K. (2021). Assessment to China'"'"'s recent emission pattern shifts. Earth'"'"'s Future, 9(11), e2021EF002241","publisher":"CEADs (Carbon Emission Accounts and Datasets), via Open-Earth-Foundation/OpenClimate","url":"https://doi.org/10.1029/2021EF002241","published":"'"$VINTAGE"'","priority":20,"note":"Also cite Shan, Y., Huang, Q., Guan, D., & Hubacek, K. (2020). China CO2 emission accounts 2016-2017. Scientific Data, 7(1), 54; Shan, Y., Guan, D., Zheng, H., et al. (2018). China CO2 emission accounts 1997-2015. Scientific Data, 5(1), 1-14; and mention CEADs (https://ceads.net/). Files: OpenClimate harmonize/data/processed/CEADS_china_provinces/EmissionsAgg.csv and CEADS_china/EmissionsAgg.csv at commit 822037b737999c397f58b442a5a31e4098dd42e1 (2025-02-16), whose date is used as published/vintage. Unit: tonnes CO2. Provinces exclude Tibet, Hong Kong, Macau and Taiwan; their sum exceeds the national figure (different scope)."}'
}

convert() { # $1 = input CSV, $2 = output JSONL
  {
    source_line
    awk -F, -v src="$SOURCE_ID" -v vintage="$VINTAGE" '
      { sub(/\r$/, "") }
      NR == 1 {
        if ($0 != "emissions_id,actor_id,year,total_emissions,datasource_id") {
          print FILENAME ": unexpected header: " $0 > "/dev/stderr"; exit 2
        }
        next
      }
      NF != 5 || $2 !~ /^CN(-[A-Z][A-Z])?$/ || $3 !~ /^[12][0-9][0-9][0-9]$/ || $4 !~ /^[0-9]+$/ {
        print FILENAME ":" NR ": bad row: " $0 > "/dev/stderr"; exit 2
      }
      {
        printf "{\"type\":\"fact\",\"indicator\":\"co2_emissions\",\"region\":\"%s\",\"period\":\"%s\",\"value\":%s,\"qualifier\":\"=\",\"status\":\"actual\",\"source\":\"%s\",\"vintage\":\"%s\",\"note\":\"%s\"}\n", $2, $3, $4, src, vintage, $1
      }' "$1"
  } > "$2.tmp"
  mv "$2.tmp" "$2"
  echo "$2: $(wc -l < "$2") lines"
}

convert ceads_province_co2_emissions.csv co2_provinces.jsonl
convert ceads_national_co2_emissions.csv co2_national.jsonl
