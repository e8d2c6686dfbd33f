// GET /v1/search: what it finds in a drive, its filters, sorts and limit, each refusal, and
// that the same drive answers the same on every run while the search changes nothing.
#include <cctype>
#include <map>
#include <set>

#include "http/document_schemas.h"
#include "http/mock_fixture.h"

using namespace test_support;

namespace {

std::vector<std::string> search_schema_problems(const Reply &reply) {
  return test_support::schema_problems(reply, "/search");
}

// On token_a's drive: "Quarterly update" in Clients/Acme with a video in its composition, an
// image and an audio file, on 1 January; "Cooking update" at the root on 3 January. token_b's
// drive has "Quarterly secret".
struct SearchDrive : MockFixture {
  SearchDrive() {
    quarterly = import(
        R"({"project_name":"Quarterly update","folder_name":"Clients/Acme","team_access":"edit",)"
        R"("add_media":{"standup.mp4":{"url":"https://cdn.example.com/standup.mp4?mock_duration_seconds=184.5"},)"
        R"("logo.png":{"url":"https://cdn.example.com/logo.png"},)"
        R"("voice.mp3":{"url":"https://cdn.example.com/voice.mp3?mock_duration_seconds=30"}},)"
        R"("add_compositions":[{"name":"Main","clips":[{"media":"standup.mp4"}]}]})");
    mock.advance(std::chrono::days(2));
    cooking = import(
        R"({"project_name":"Cooking update","add_media":{"intro.mp4":{"url":"https://cdn.example.com/intro.mp4?mock_duration_seconds=20"}}})");
    import(R"({"project_name":"Quarterly secret"})", token_b);
  }

  std::string import(const std::string &body, const std::string &token = token_a) {
    const Reply r = submit_import(body, token);
    created_job(r);
    mock.advance(std::chrono::minutes(10));
    return r.json["project_id"];
  }

  Reply search(const std::string &query, const std::string &token = token_a) {
    return client.get("/v1/search?" + query, token);
  }

  // The results as "type:name", in order, checking the body against the document.
  std::vector<std::string> found(const std::string &query, const std::string &token = token_a) {
    const Reply r = search(query, token);
    INFO(query << " -> " << r.body);
    REQUIRE(r.status == 200);
    CHECK(search_schema_problems(r).empty());
    std::vector<std::string> out;
    for (const auto &item : r.json["results"])
      out.push_back(item["type"].get<std::string>() + ":" + item["name"].get<std::string>());
    return out;
  }

  std::string quarterly, cooking;
};

using Found = std::vector<std::string>;

void check_refused(const Reply &r, int status, const std::string &error,
                   const std::string &mentions) {
  INFO(r.body);
  CHECK(r.status == status);
  CHECK(r.json["error"] == error);
  CHECK(r.json["message"].get<std::string>().find(mentions) != std::string::npos);
  CHECK(search_schema_problems(r).empty());
}

} // namespace

TEST_CASE("search finds projects, folders and media by name in the token's drive only",
          "[http][search]") {
  SearchDrive d;
  CHECK(d.found("query=quarterly") == Found{"project:Quarterly update"});
  CHECK(d.found("query=QUARTERLY", token_b) == Found{"project:Quarterly secret"});
  CHECK(d.found("query=acme") == Found{"project_folder:Acme"});
  CHECK(d.found("query=Clients") == Found{"project_folder:Clients"});
  CHECK(d.found("query=standup") == Found{"video:standup.mp4"});
  CHECK(d.found("query=nothing%20like%20it").empty());

  const Reply r = d.search("query=.&type=video&type=image&type=audio&sort=oldest");
  REQUIRE(r.status == 200);
  CHECK(search_schema_problems(r).empty());
  std::map<std::string, nlohmann::json> by_name;
  for (const auto &item : r.json["results"]) by_name[item["name"]] = item;
  REQUIRE(by_name.size() == 4);
  const auto &video = by_name["standup.mp4"];
  CHECK(video["type"] == "video");
  CHECK(video["location"] == "project");
  CHECK(video["project_id"] == d.quarterly);
  CHECK(video["duration"] == 184.5);
  CHECK(is_uuid(video["asset_id"]));
  CHECK(video["url"].get<std::string>().find(d.quarterly) != std::string::npos);
  CHECK(by_name["logo.png"]["type"] == "image");
  CHECK_FALSE(by_name["logo.png"].contains("duration"));
  CHECK(by_name["voice.mp3"]["type"] == "audio");
  CHECK(by_name["voice.mp3"]["duration"] == 30);
  CHECK(by_name["intro.mp4"]["project_id"] == d.cooking);

  const Reply project = d.search("query=quarterly");
  const auto &hit = project.json["results"][0];
  CHECK(hit["project_id"] == d.quarterly);
  CHECK(hit["url"] == "https://web.descript.com/" + d.quarterly);
  CHECK(is_uuid(hit["owner"]["id"]));
  CHECK(!hit["owner"]["name"].get<std::string>().empty());
  CHECK(hit["updated_at"] ==
        d.client.get("/v1/projects/" + d.quarterly, token_a).json["updated_at"]);
}

TEST_CASE("search: type, match and owner filters", "[http][search]") {
  SearchDrive d;
  CHECK(d.found("query=c&type=project_folder&sort=oldest") ==
        Found{"project_folder:Acme", "project_folder:Clients"});
  CHECK(d.found("query=update&type=project&sort=oldest") ==
        Found{"project:Quarterly update", "project:Cooking update"});
  CHECK(d.found("query=a&type=layout_pack&type=media_library_folder").empty());
  CHECK(d.found("query=quarterly&match=content").empty());
  CHECK(d.found("query=quarterly&match=name") == Found{"project:Quarterly update"});

  const std::string owner = d.search("query=quarterly").json["results"][0]["owner"]["id"];
  CHECK(d.found("query=quarterly&owner=" + owner) == Found{"project:Quarterly update"});
  CHECK(d.found("query=quarterly&owner=3fa85f64-5717-4562-b3fc-2c963f66afa6&owner=" + owner) ==
        Found{"project:Quarterly update"});
  CHECK(d.found("query=quarterly&owner=3fa85f64-5717-4562-b3fc-2c963f66afa6").empty());
  CHECK(d.search("query=quarterly", token_b).json["results"][0]["owner"]["id"] != owner);
}

TEST_CASE("search matches what a project's transcript says", "[http][search]") {
  SearchDrive d;
  const Reply exported = d.client.post("/v1/export/transcript",
                                       R"({"project_id":")" + d.quarterly +
                                           R"(","format":"txt","include_speaker_labels":"off"})",
                                       token_a);
  REQUIRE(exported.status == 200);
  // Three words said one after the other, as a client would type them.
  std::vector<std::string> words;
  std::string word;
  for (const char c : exported.body) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') {
      word += char(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  REQUIRE(words.size() > 6);
  const std::string phrase = words[3] + "%20" + words[4] + "%20" + words[5];
  CHECK(d.found("query=" + phrase) == Found{"project:Quarterly update"});
  CHECK(d.found("query=" + phrase + "&match=content") == Found{"project:Quarterly update"});
  CHECK(d.found("query=" + phrase + "&match=name").empty());
  CHECK(d.found("query=" + phrase + "&type=video").empty());
  // A project without a composition has no transcript; words no one says are never found.
  CHECK(d.found("query=zyzzyva&match=content").empty());
}

TEST_CASE("search: updated_after and updated_before take dates and date-times", "[http][search]") {
  SearchDrive d;
  const std::string projects = "query=update&type=project&sort=oldest";
  CHECK(d.found(projects + "&updated_before=2026-01-01") == Found{"project:Quarterly update"});
  CHECK(d.found(projects + "&updated_after=2026-01-02") == Found{"project:Cooking update"});
  CHECK(d.found(projects + "&updated_after=2026-01-01&updated_before=2026-01-03") ==
        Found{"project:Quarterly update", "project:Cooking update"});
  CHECK(d.found(projects + "&updated_after=2026-01-03T12:00:00Z").empty());
  CHECK(d.found(projects + "&updated_before=2026-01-01T00:00:01").empty()); // no offset: UTC
  CHECK(d.found(projects + "&updated_after=2026-01-02T20:00:00-02:00") ==
        Found{"project:Cooking update"});
}

TEST_CASE("search sorts by relevance, newest or oldest, and keeps to the limit", "[http][search]") {
  SearchDrive d;
  d.import(R"({"project_name":"Acme"})");
  d.import(R"({"project_name":"The Acme pitch"})");
  d.import(R"({"project_name":"Acme launch"})");
  CHECK(d.found("query=acme") == Found{"project:Acme", "project_folder:Acme", "project:Acme launch",
                                       "project:The Acme pitch"});
  CHECK(d.found("query=acme&sort=relevance&type=project") ==
        Found{"project:Acme", "project:Acme launch", "project:The Acme pitch"});
  CHECK(d.found("query=acme&sort=newest&type=project") ==
        Found{"project:Acme launch", "project:The Acme pitch", "project:Acme"});
  CHECK(d.found("query=acme&sort=oldest&type=project") ==
        Found{"project:Acme", "project:The Acme pitch", "project:Acme launch"});
  CHECK(d.found("query=acme&limit=1") == Found{"project:Acme"});
  CHECK(d.found("query=acme&limit=100").size() == 4);

  for (int i = 0; i < 32; ++i)
    d.submit_import(R"({"project_name":"Note )" + std::to_string(i) + "\"}");
  CHECK(d.found("query=note").size() == 30);
  CHECK(d.found("query=note&limit=31").size() == 31);
}

TEST_CASE("search refuses bad parameters by name", "[http][search]") {
  SearchDrive d;
  check_refused(d.search(""), 400, "invalid_input", "query");
  check_refused(d.search("query="), 400, "invalid_input", "query");
  check_refused(d.search("query=%20%20"), 400, "invalid_input", "query");
  check_refused(d.search("query=a&query=b"), 400, "invalid_input", "query");
  check_refused(d.search("query=a&limit=0"), 400, "invalid_input", "limit");
  check_refused(d.search("query=a&limit=101"), 400, "invalid_input", "limit");
  check_refused(d.search("query=a&limit=ten"), 400, "invalid_input", "limit");
  check_refused(d.search("query=a&type=folder"), 400, "invalid_input",
                "type must be one of [project, video, image, audio, project_folder, "
                "media_library_folder, layout_pack]");
  check_refused(d.search("query=a&match=fuzzy"), 400, "invalid_input",
                "match must be one of [name, content, visual]");
  check_refused(d.search("query=a&sort=name"), 400, "invalid_input",
                "sort must be one of [relevance, newest, oldest]");
  check_refused(d.search("query=a&owner=me"), 400, "invalid_input", "owner");
  check_refused(d.search("query=a&updated_after=yesterday"), 400, "invalid_input", "updated_after");
  check_refused(d.search("query=a&updated_before=2026-02-30"), 400, "invalid_input",
                "updated_before");
  check_refused(d.search("query=a&updated_after=2026-02-01&updated_before=2026-01-01"), 400,
                "invalid_input", "updated_after");
  check_refused(d.search("query=a&match=visual&match=name"), 400, "invalid_input",
                "visual cannot be combined");
  check_refused(d.search("query=a&match=visual"), 403, "forbidden",
                "Visual search is not available for this drive");
}

TEST_CASE("search and visual search follow the token's permissions", "[http][search]") {
  Server mock(
      {.world = {.tokens = {{.token = "plain"},
                            {.token = "no-search", .permissions = {.search = false}},
                            {.token = "enterprise", .permissions = {.visual_search = true}}}}});
  HttpClient client(mock);
  for (const auto &token : {"plain", "enterprise"})
    REQUIRE(
        client
            .post(
                "/v1/jobs/import/project_media",
                R"({"project_name":"Shots","add_media":{"shot.mp4":{"url":"https://cdn.example.com/shot.mp4"},)"
                R"("shot.png":{"url":"https://cdn.example.com/shot.png"},"shot.mp3":{"url":"https://cdn.example.com/shot.mp3"}}})",
                token)
            .status == 201);
  mock.advance(std::chrono::minutes(10));

  const Reply disabled = client.get("/v1/search?query=shot", "no-search");
  CHECK(disabled.status == 404);
  CHECK(disabled.json["error"] == "not_found");
  CHECK(client.get("/v1/search", "no-search").status == 404); // before any validation
  CHECK(client.get("/v1/search?query=shot&match=visual", "plain").status == 403);

  const Reply visual = client.get("/v1/search?query=shot&match=visual", "enterprise");
  REQUIRE(visual.status == 200);
  CHECK(search_schema_problems(visual).empty());
  std::set<std::string> types;
  for (const auto &item : visual.json["results"]) types.insert(item["type"]);
  CHECK(types == std::set<std::string>{"video", "image"}); // the mock sees pictures in names
}

TEST_CASE("search is deterministic and changes nothing", "[http][search]") {
  SearchDrive one, two;
  const std::string query = "query=a&limit=100";
  const Reply first = one.search(query);
  CHECK(first.json["results"].size() > 3);
  CHECK(one.search(query).body == first.body);
  CHECK(two.search(query).body == first.body);
  // A search draws nothing from the simulation's sequence: the next job's id is the same.
  const Reply after = one.submit_import();
  CHECK(after.json["job_id"] == two.submit_import().json["job_id"]);
}
