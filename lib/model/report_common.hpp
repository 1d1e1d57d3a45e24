// Pieces the model and sweep reports share: the platform description (text
// lines and JSON object) and the short summaries of a timeline.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "json/json_writer.hpp"
#include "model/codec_choice.hpp"
#include "model/platform.hpp"
#include "model/scenarios.hpp"
#include "model/timeline.hpp"

namespace cdma::model {

// "  compute ...", "  link ...", and one "  engine ..." line per codec.
void write_platform_text(std::ostream& out, const Platform& p, const std::vector<CodecChoice>& codecs);

// "platform": {...} and "codecs": [...] members of the enclosing object.
void write_platform_json(json::JsonWriter& w, const Platform& p, const std::vector<CodecChoice>& codecs);

// The members every report's JSON opens with: "platform", "codecs", "policy"
// and "layers_source", in that order.
void write_preamble_json(json::JsonWriter& w, const Platform& p, const std::vector<CodecChoice>& codecs, Policy policy,
                         const std::string& layers_source);

// "link 18, engine 2", or "-" when nothing moved.
std::string bound_summary(const Totals& t);

// a / b as "1.53x"; "-" when b is 0.
std::string speedup_text(double a, double b);

size_t count_offloaded(const std::vector<bool>& plan);

// One scenario as a JSON object (report_json.cpp): totals, speed-up and
// fraction of oracle, and with `per_layer` every layer's steps.
void scenario_json(json::JsonWriter& w, std::string_view key, const ScenarioResult& s, double oracle_s, double plain_s,
                   bool per_layer);

}  // namespace cdma::model
